using System.Text;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Akka.TestKit;
using Charger.Actors.Protocol;
using Charger.Actors.Serial;
using Charger.Actors.Supervision;
using Charger.Tests.TestKit;

namespace Charger.Tests.Serial;

/// <summary>
/// The supervised serial link against a pseudo-terminal that the test drives as if it were the ESP32.
/// Timers (poll, silence, backoff) run on the manual clock; bytes cross a real pty.
/// </summary>
public sealed class SerialPortActorTests : ActorTestBase
{
    private static readonly byte[] ReadStatus = [0x41, 0x00, 0x2C, 0x00, 0x10];
    private static readonly byte[] Authorize = [0x41, 0x01, 0x2C, 0x01, 0x10];
    private const string Stat = "<STAT;CP=1;CPV=2900;PP=0;PPV=0;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>\r\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("charger-link-").FullName;
    private readonly LinkMonitor _monitor;
    private readonly FlightRecorder _recorder;
    private readonly TestProbe _listener;
    private PseudoTerminal _device;

    public SerialPortActorTests()
    {
        _monitor = new LinkMonitor(Time);
        _recorder = new FlightRecorder(4096, Time);
        _listener = CreateProbe("listener");
        _device = PseudoTerminal.Open(DevicePath);
    }

    private string DevicePath => Path.Combine(_dir, "ttyESP32");

    private SerialLinkOptions Options => new()
    {
        PortPath = DevicePath,
        RandomFactor = 0, // exact backoff delays on the manual clock
        SilenceTimeout = TimeSpan.FromSeconds(5),
        PollInterval = TimeSpan.FromSeconds(1),
    };

    private IActorRef StartLink(SerialLinkOptions? options = null)
    {
        var path = ((ExtendedActorSystem)Sys).Guardian.Path / "link";
        var link = Sys.ActorOf(SerialLink.Props(options ?? Options, _listener.Ref, _monitor, _recorder, Logging.GetLogger(Sys, "link"),
            Sys.Supervision(), path), "link");
        ExpectLink(up: true);
        return link;
    }

    private LinkState ExpectLink(bool up) =>
        _listener.FishForMessage<SerialPortActor.LinkChanged>(c => c.State.IsUp == up, TimeSpan.FromSeconds(5)).State;

    /// <summary>Reads what the runtime wrote until <paramref name="expected"/> shows up.</summary>
    private async Task ExpectWritten(PseudoTerminal device, byte[] expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var seen = new List<byte>();
        while (true)
        {
            var chunk = await device.Input.ReadAsync(timeout.Token);
            seen.AddRange(chunk.ToArray());
            if (seen.Count >= expected.Length && Contains(seen, expected)) return;
        }
    }

    private static bool Contains(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
            if (haystack.Skip(i).Take(needle.Length).SequenceEqual(needle)) return true;
        return false;
    }

    [Fact]
    public async Task The_link_comes_up_asks_for_status_at_once_and_delivers_frames()
    {
        StartLink();
        Assert.True(_monitor.Current.IsUp);
        Assert.Equal(DevicePath, _monitor.Current.Path);
        await ExpectWritten(_device, ReadStatus);
        _device.Write(Encoding.ASCII.GetBytes(Stat));
        var frame = _listener.FishForMessage<SerialPortActor.FrameReceived>(_ => true);
        var stat = Assert.IsType<StatFrame>(frame.Frame);
        Assert.Equal(1, stat.State);
        Assert.Equal(Time.GetUtcNow(), frame.ReceivedAt);
    }

    [Fact]
    public async Task Status_is_polled_every_poll_interval()
    {
        StartLink();
        await ExpectWritten(_device, ReadStatus);
        for (var i = 0; i < 3; i++)
        {
            _device.Write(Encoding.ASCII.GetBytes(Stat)); // keep the link from going silent
            Time.Advance(TimeSpan.FromSeconds(1));
            await ExpectWritten(_device, ReadStatus);
        }
    }

    [Fact]
    public async Task Commands_are_written_and_confirmed_as_sent()
    {
        var link = StartLink();
        await ExpectWritten(_device, ReadStatus);
        var sent = await link.Ask<SerialPortActor.Sent>(new SerialPortActor.Send(Esp32Command.Authorize), TimeSpan.FromSeconds(3)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Same(Esp32Command.Authorize, sent.Command);
        await ExpectWritten(_device, Authorize);
        Assert.Contains(_recorder.Snapshot(), r => r.Direction == FlightDirection.Tx && r.Bytes.SequenceEqual(Authorize));
    }

    [Fact]
    public void A_second_opener_is_refused_with_a_clear_error()
    {
        StartLink();
        var e = Assert.Throws<SerialPortBusyException>(() => LinuxSerialPort.Open(new SerialPortSettings { Path = DevicePath }));
        Assert.Contains(DevicePath, e.Message);
    }

    [Fact]
    public void A_silent_link_fails_at_the_silence_timeout_and_reconnects_after_the_backoff()
    {
        var link = StartLink();
        Time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.True(_monitor.Current.IsUp);
        // Logged once, with the bytes that led to it.
        var down = EventFilter.Warning(contains: "flight recorder").ExpectOne(() =>
        {
            Time.Advance(TimeSpan.FromSeconds(0.1));
            return ExpectLink(up: false);
        });
        Assert.Contains("silent", down.LastError);
        Assert.Equal(1, down.ReconnectAttempts);

        // The port is free again while the link is down, and back after the first backoff step.
        WaitUntilBackoffArmed(link);
        Time.Advance(TimeSpan.FromMilliseconds(100));
        var up = ExpectLink(up: true);
        Assert.Equal(1, up.Reconnects);
        Assert.Contains("silent", up.LastError); // the last failure stays visible after recovery
    }

    [Fact]
    public async Task Unplug_and_replug_at_the_same_path_reconnects_within_the_first_backoff_step_after_return()
    {
        var link = StartLink();
        await ExpectWritten(_device, ReadStatus);

        _device.Dispose(); // the device disappears: hang-up on the port, and the path is gone
        var down = ExpectLink(up: false);
        Assert.NotNull(down.LastError);

        // While down, commands are answered at once, never queued. (Akka forwards what arrives between the
        // failure and the dying child's termination to that child, which drops it: ask once the child is gone.)
        WaitUntilBackoffArmed(link);
        var reply = await link.Ask<object>(new SerialPortActor.Send(Esp32Command.Authorize), TimeSpan.FromSeconds(3)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<SerialPortActor.LinkUnavailable>(reply);

        // Reopening a missing device fails and backs off: 100 ms, then 200 ms.
        Time.Advance(TimeSpan.FromMilliseconds(100));
        AwaitAssert(() => Assert.Equal(2, _monitor.Current.ReconnectAttempts));
        WaitUntilBackoffArmed(link);

        _device = PseudoTerminal.Open(DevicePath); // it comes back at the same path
        Time.Advance(TimeSpan.FromMilliseconds(200)); // one backoff step
        var up = ExpectLink(up: true);
        Assert.Equal(1, up.Reconnects);
        await ExpectWritten(_device, ReadStatus);
        _device.Write(Encoding.ASCII.GetBytes(Stat));
        _listener.FishForMessage<SerialPortActor.FrameReceived>(f => f.Frame is StatFrame);
    }

    [Fact]
    public async Task A_garbage_flood_does_not_hide_the_frame_after_it()
    {
        StartLink();
        await ExpectWritten(_device, ReadStatus);
        var random = new Random(7);
        var garbage = new byte[256 * 1024];
        random.NextBytes(garbage);
        for (var i = 0; i < garbage.Length; i++) if (garbage[i] == (byte)'<') garbage[i] = (byte)'x';
        _device.Write(garbage);
        _device.Write(Encoding.ASCII.GetBytes("\r\n" + Stat));
        var frame = _listener.FishForMessage<SerialPortActor.FrameReceived>(f => f.Frame is StatFrame, TimeSpan.FromSeconds(10));
        Assert.Equal(1, ((StatFrame)frame.Frame).State);
        Assert.True(_monitor.Current.IsUp);
    }

    [Fact]
    public async Task The_links_traffic_counts_frames_by_kind_and_decode_errors_across_a_reconnect()
    {
        var link = StartLink();
        await ExpectWritten(_device, ReadStatus);
        _device.Write(Encoding.ASCII.GetBytes(Stat + "<ACK;CMD=READSTAT;STATUS=OK;>\r\n<INFO;MSG=FAULT_CLEARED;>\r\n<WARN;MSG=FAULT_TIMEOUT_RESET;>\r\n"
            + "<ERR;INVALID_COMMA>\r\n<CARDEXISTS=1;>\r\nets Jun  8 2016 00:22:57\r\n"
            + "<STAT;CP=1\r\n" // cut short by the line end
            + "<STAT;CP=x;STATE=1;>\r\n")); // a non-integer where one belongs
        _listener.FishForMessage<SerialPortActor.FrameReceived>(f => f.Frame is StatFrame { Cp: null });
        var traffic = _monitor.Traffic;
        Assert.Equal(2, traffic.Received(ReceivedKind.Stat));
        foreach (var kind in (ReceivedKind[])[ReceivedKind.Ack, ReceivedKind.Info, ReceivedKind.Warn, ReceivedKind.Err, ReceivedKind.Unknown, ReceivedKind.Noise])
            Assert.Equal(1, traffic.Received(kind));
        Assert.Equal(1, traffic.DecodeErrors(DecodeError.Truncated));
        Assert.Equal(1, traffic.DecodeErrors(DecodeError.Malformed));
        Assert.Equal(0, traffic.DecodeErrors(DecodeError.Overflow));
        Assert.Equal(Time.GetUtcNow(), traffic.LastStatusAt);

        // A new connection gets a new decoder; the counts go on.
        _device.Dispose();
        ExpectLink(up: false);
        _device = PseudoTerminal.Open(DevicePath);
        WaitUntilBackoffArmed(link);
        Time.Advance(TimeSpan.FromMilliseconds(100));
        ExpectLink(up: true);
        await ExpectWritten(_device, ReadStatus);
        _device.Write(Encoding.ASCII.GetBytes(Stat));
        _listener.FishForMessage<SerialPortActor.FrameReceived>(f => f.Frame is StatFrame);
        Assert.Equal(3, traffic.Received(ReceivedKind.Stat));
        Assert.Equal(1, traffic.DecodeErrors(DecodeError.Truncated));
    }

    /// <summary>The backoff timer is armed in the same turn in which the supervisor drops its dead child.</summary>
    private void WaitUntilBackoffArmed(IActorRef link) =>
        AwaitAssert(() =>
        {
            var child = link.Ask<BackoffSupervisor.CurrentChild>(BackoffSupervisor.GetCurrentChild.Instance, TimeSpan.FromSeconds(3)).Result.Ref;
            Assert.True(child is null || child.IsNobody(), $"the link still has its child {child}");
        });

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing); // the actor system first: it closes the port
        }
        finally
        {
            if (disposing)
            {
                _device.Dispose();
                Directory.Delete(_dir, recursive: true);
            }
        }
    }
}
