using System.Text;
using Charger.Actors.Serial;
using Charger.Host.Http;
using Charger.Tests.TestKit;

namespace Charger.Tests.Host.Dashboard;

/// <summary>How the flight recorder's chunks become the lines and commands the charger page shows.</summary>
public sealed class SerialFrameViewTests
{
    [Fact]
    public void Lines_are_cut_across_chunks_frames_split_into_fields_and_commands_named()
    {
        var time = new ManualTimeProvider();
        var recorder = new FlightRecorder(4096, time);
        recorder.Record(FlightDirection.Tx, [0x41, 0x01, 0x2C, 0x01, 0x10, 0x41, 0x09, 0x2C, 0x00, 0x10]);
        time.Advance(TimeSpan.FromMilliseconds(100));
        recorder.Record(FlightDirection.Rx, Encoding.ASCII.GetBytes("Kart 9 hazir\r\n<ACK;CMD=AU"));
        time.Advance(TimeSpan.FromMilliseconds(100));
        recorder.Record(FlightDirection.Rx, Encoding.ASCII.GetBytes("TH;STATUS=OK;>\r\n\r\n<STAT;STATE=4;\x01>\r\n<half"));

        var views = SerialFrameView.From(recorder.Snapshot(), time, 10);

        Assert.Equal(["tx Authorize", "tx BYTES", "rx TEXT", "rx ACK", "rx STAT"], views.Select(v => $"{v.Direction} {v.Kind}"));
        Assert.Equal("1", views[0].Fields!["value"]);
        Assert.Equal("41 09 2C 00 10", views[1].Text);
        Assert.Equal("Kart 9 hazir", views[2].Text);
        Assert.Equal(new Dictionary<string, string> { ["CMD"] = "AUTH", ["STATUS"] = "OK" }, views[3].Fields);
        Assert.Equal(time.GetUtcNow(), views[3].At); // the line ended in the newest chunk
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromMilliseconds(200), views[0].At);
        Assert.Equal("<STAT;STATE=4;.>", views[4].Text); // a control byte shows as '.', never raw
        Assert.Equal(["tx BYTES", "rx TEXT", "rx ACK", "rx STAT"], SerialFrameView.From(recorder.Snapshot(), time, 4).Select(v => $"{v.Direction} {v.Kind}"));
    }
}
