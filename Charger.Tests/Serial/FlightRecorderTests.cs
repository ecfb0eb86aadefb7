using System.Text;
using Charger.Actors.Serial;
using Charger.Tests.TestKit;

namespace Charger.Tests.Serial;

public sealed class FlightRecorderTests
{
    [Fact]
    public void Records_both_directions_in_order_with_monotonic_timestamps()
    {
        var time = new ManualTimeProvider();
        var recorder = new FlightRecorder(1024, time);
        recorder.Record(FlightDirection.Tx, [0x41, 0x00, 0x2C, 0x00, 0x10]);
        time.Advance(TimeSpan.FromMilliseconds(20));
        recorder.Record(FlightDirection.Rx, "<ACK;CMD=READSTAT;STATUS=OK;>\r\n"u8);
        var records = recorder.Snapshot();
        Assert.Equal([FlightDirection.Tx, FlightDirection.Rx], records.Select(r => r.Direction));
        Assert.Equal(TimeSpan.FromMilliseconds(20), time.GetElapsedTime(records[0].Timestamp, records[1].Timestamp));
    }

    [Fact]
    public void Memory_stays_within_the_capacity_by_dropping_the_oldest_chunks()
    {
        var recorder = new FlightRecorder(100);
        for (var i = 0; i < 50; i++) recorder.Record(FlightDirection.Rx, Encoding.ASCII.GetBytes($"chunk{i:D2}|"));
        var kept = recorder.Snapshot();
        Assert.True(kept.Sum(r => r.Bytes.Length) <= 100);
        Assert.Equal("chunk49|", Encoding.ASCII.GetString(kept[^1].Bytes));
        Assert.Equal(50 * 8 - kept.Sum(r => r.Bytes.Length), recorder.DroppedBytes);
    }

    [Fact]
    public void A_chunk_larger_than_the_ring_keeps_its_newest_bytes()
    {
        var recorder = new FlightRecorder(64);
        var big = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();
        recorder.Record(FlightDirection.Rx, big);
        Assert.Equal(big[^64..], recorder.ReceivedBytes());
        Assert.Equal(136, recorder.DroppedBytes);
    }

    [Fact]
    public void Received_bytes_replay_exactly_what_came_in()
    {
        var recorder = new FlightRecorder();
        recorder.Record(FlightDirection.Rx, "<STAT;ST"u8);
        recorder.Record(FlightDirection.Tx, [0x41, 0x00, 0x2C, 0x00, 0x10]);
        recorder.Record(FlightDirection.Rx, "ATE=1;>\r\n"u8);
        Assert.Equal("<STAT;STATE=1;>\r\n", Encoding.ASCII.GetString(recorder.ReceivedBytes()));
    }

    [Fact]
    public void A_recording_replays_into_the_decoder_as_the_same_frames()
    {
        var recorder = new FlightRecorder();
        recorder.Record(FlightDirection.Rx, "<STAT;CP=1;STATE=3;AU"u8);
        recorder.Record(FlightDirection.Tx, [0x41, 0x01, 0x2C, 0x01, 0x10]);
        recorder.Record(FlightDirection.Rx, "TH=0;>\r\n<ACK;CMD=AUTH;STATUS=OK;>\r\n"u8);
        var frames = new List<Charger.Actors.Protocol.Esp32Frame>();
        new Charger.Actors.Protocol.FrameDecoder().Decode(recorder.ReceivedBytes(), frames);
        Assert.Collection(frames,
            f => Assert.Equal(3, Assert.IsType<Charger.Actors.Protocol.StatFrame>(f).State),
            f => Assert.Equal("AUTH", Assert.IsType<Charger.Actors.Protocol.AckFrame>(f).Command));
    }

    [Fact]
    public void The_dump_shows_direction_hex_and_text()
    {
        var time = new ManualTimeProvider();
        var recorder = new FlightRecorder(1024, time);
        recorder.Record(FlightDirection.Tx, [0x41, 0x00, 0x2C, 0x00, 0x10]);
        time.Advance(TimeSpan.FromMilliseconds(500));
        recorder.Record(FlightDirection.Rx, "<ACK>\r\n"u8);
        var lines = recorder.Dump().Split('\n');
        Assert.StartsWith("flight recorder: 2 chunks, 12 bytes, 0 dropped", lines[0]);
        Assert.Contains("-0.500s Tx 41 00 2C 00 10", lines[1]);
        Assert.EndsWith("|A.,..|", lines[1]);
        Assert.Contains("0.000s Rx 3C 41 43 4B 3E 0D 0A", lines[2]);
        Assert.EndsWith("|<ACK>..|", lines[2]);
    }
}
