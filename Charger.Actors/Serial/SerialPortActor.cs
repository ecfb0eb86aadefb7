using Charger.Actors.Runtime;
using Akka.Event;
using Akka.Actor;
using Charger.Actors.Protocol;

namespace Charger.Actors.Serial;

/// <summary>
/// Owns the serial port to one ESP32 for exactly one connection: it opens the port in PreStart,
/// decodes what arrives into frames for the listener, writes commands, polls status, and throws
/// when the link fails (I/O error, unplug, or silence). It never retries by itself: its parent is a
/// BackoffSupervisor (see <see cref="SerialLink"/>), so reconnecting is the supervision strategy.
/// </summary>
public sealed class SerialPortActor : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    /// <summary>Write a command. Replied with <see cref="Sent"/> once the bytes are written.</summary>
    public sealed record Send(Esp32Command Command);

    /// <summary>The command's 5 bytes went out at <paramref name="At"/>.</summary>
    public sealed record Sent(Esp32Command Command, DateTimeOffset At);

    /// <summary>The reply while the link is down (sent by the link's supervisor): nothing is queued for later.</summary>
    public sealed record LinkUnavailable(string Reason);

    /// <summary>A frame from the ESP32, stamped on arrival.</summary>
    public sealed record FrameReceived(Esp32Frame Frame, DateTimeOffset ReceivedAt);

    /// <summary>Told to the listener whenever the link comes up or goes down.</summary>
    public sealed record LinkChanged(LinkState State);

    private sealed record PollTick
    {
        public static readonly PollTick Instance = new();
    }

    private sealed record SilenceCheck
    {
        public static readonly SilenceCheck Instance = new();
    }

    private readonly SerialLinkOptions _options;
    private readonly IActorRef _listener;
    private readonly LinkMonitor _monitor;
    private readonly FlightRecorder _recorder;
    private readonly CommandEncoder _encoder;
    private readonly FrameDecoder _decoder = new();
    private readonly List<Esp32Frame> _frames = [];
    private ISerialPort? _port;
    private SerialReadPump? _pump;
    private long _lastHeard;

    public SerialPortActor(SerialLinkOptions options, IActorRef listener, LinkMonitor monitor, FlightRecorder recorder)
    {
        _options = options;
        _listener = listener;
        _monitor = monitor;
        _recorder = recorder;
        _encoder = options.AllowCableLockCommands ? CommandEncoder.WithCableLock : CommandEncoder.Default;

        Receive<SerialReadPump.BytesReceived>(OnBytes);
        Receive<Send>(s =>
        {
            Write(s.Command);
            Sender.Tell(new Sent(s.Command, Context.System.GetTimeProvider().GetUtcNow()));
        });
        Receive<PollTick>(_ => Write(Esp32Command.ReadStatus));
        Receive<SilenceCheck>(_ => CheckSilence());
        Receive<SerialReadPump.ReadEnded>(e => throw e.Cause);
    }

    private ISerialPort Port => _port ?? throw new InvalidOperationException("The port is not open.");

    private TimeProvider Time => Context.System.GetTimeProvider();

    protected override void PreStart()
    {
        var path = SerialPortDiscovery.Find(_options.PortPath, _options.DeviceDirectory);
        _port = SerialPorts.Open(_options.Driver, new SerialPortSettings { Path = path, BaudRate = _options.BaudRate });
        _lastHeard = Time.GetTimestamp();
        _pump = SerialReadPump.Start(_port, Self);
        var state = _monitor.MarkUp(path);
        Log.Info("Serial link up on {Path} ({Driver})", path, _port.GetType().Name);

        // Ask for status at once: after a (re)connect nothing we knew is fresh.
        Write(Esp32Command.ReadStatus);
        Timers.StartPeriodicTimer(nameof(PollTick), PollTick.Instance, _options.PollInterval);
        Timers.StartSingleTimer(nameof(SilenceCheck), SilenceCheck.Instance, _options.SilenceTimeout);
        // Announced last, once polling and the silence watch run: whoever reacts to "up" finds them armed.
        _listener.Tell(new LinkChanged(state), Self);
    }

    protected override void PostStop()
    {
        _pump?.Stop();
        _port?.Dispose();
        // A failure was already recorded by the link's decider; this is a deliberate stop.
        if (_monitor.Current.IsUp)
        {
            var state = _monitor.MarkDown(_port?.Path, "link stopped");
            _listener.Tell(new LinkChanged(state), Self);
        }
    }

    private void OnBytes(SerialReadPump.BytesReceived received)
    {
        var bytes = received.Bytes.Span;
        _recorder.Record(FlightDirection.Rx, bytes);
        _frames.Clear();
        var before = _decoder.Counters;
        var decoded = _decoder.Decode(bytes, _frames);
        _monitor.Traffic.CountErrors(before, _decoder.Counters);
        if (decoded == 0) return;
        _lastHeard = Time.GetTimestamp();
        var now = Time.GetUtcNow();
        _monitor.Traffic.Count(_frames, now);
        foreach (var frame in _frames) _listener.Tell(new FrameReceived(frame, now), Self);
    }

    private void Write(Esp32Command command)
    {
        var bytes = _encoder.Encode(command).Span;
        _recorder.Record(FlightDirection.Tx, bytes);
        Port.Write(bytes); // throws LinkDownException when the device is gone: the supervisor takes over
        _monitor.Traffic.CountSent(bytes.Length);
    }

    private void CheckSilence()
    {
        var silentFor = Time.GetElapsedTime(_lastHeard);
        if (silentFor >= _options.SilenceTimeout) throw new LinkSilentException(Port.Path, silentFor);
        Timers.StartSingleTimer(nameof(SilenceCheck), SilenceCheck.Instance, _options.SilenceTimeout - silentFor);
    }
}
