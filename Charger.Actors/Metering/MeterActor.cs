using Akka.Actor;
using Akka.Event;
using Charger.Actors.Metering.Modbus;
using Charger.Actors.Runtime;
using Charger.Actors.Serial;

namespace Charger.Actors.Metering;

/// <summary>
/// Owns one charger's meter port for exactly one connection, as <see cref="SerialPortActor"/> does for the ESP32:
/// opens it in PreStart, polls the register map every poll interval (one request at a time: RTU has one master and
/// one transaction on the bus), and throws when the port fails or no complete reading came within the silence
/// timeout. It never retries by itself: its parent is a backoff supervisor (<see cref="MeterLink"/>). A poll is
/// all-or-nothing: a reading is recorded only when every block answered, so no value is ever mixed from two polls.
/// </summary>
public sealed class MeterActor : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Told to the listener after every complete poll.</summary>
    public sealed record ReadingTaken(MeterReading Reading);

    /// <summary>Told to the listener when the meter link comes up or goes down.</summary>
    public sealed record MeterLinkChanged(LinkState State);

    private sealed record PollTick
    {
        public static readonly PollTick Instance = new();
    }

    private sealed record NextBlock
    {
        public static readonly NextBlock Instance = new();
    }

    private sealed record ResponseTimedOut(long Transaction);

    private sealed record SilenceCheck
    {
        public static readonly SilenceCheck Instance = new();
    }

    private readonly MeterOptions _options;
    private readonly IActorRef _listener;
    private readonly MeterMonitor _monitor;
    private readonly IReadOnlyList<RegisterBlock> _blocks;
    private readonly ModbusResponseReader _reader = new();
    private readonly Dictionary<MeterRegister, double> _values = [];
    private readonly TimeSpan _interFrameGap;
    private ISerialPort? _port;
    private SerialReadPump? _pump;
    private int _block = -1; // the block being read; -1 between polls
    private long _transaction;
    private long _lastReading;
    private string? _lastProblem;

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    public MeterActor(MeterOptions options, IActorRef listener, MeterMonitor monitor)
    {
        _options = options;
        _listener = listener;
        _monitor = monitor;
        _blocks = options.Map.Blocks();
        // RTU wants 3.5 character times of silence between frames (11 bits a character with parity or 2 stop bits; at least 1.75 ms above 19200 baud).
        _interFrameGap = TimeSpan.FromMilliseconds(Math.Max(1.75, 3.5 * 11 * 1000.0 / options.BaudRate));

        Receive<SerialReadPump.BytesReceived>(OnBytes);
        Receive<PollTick>(_ =>
        {
            if (_block < 0) StartPoll();
        });
        Receive<NextBlock>(_ => SendBlock());
        Receive<ResponseTimedOut>(t =>
        {
            if (t.Transaction != _transaction || _block < 0) return;
            _reader.Abandon();
            _monitor.CountFailure();
            _lastProblem = $"no answer to {_blocks[_block].Request((byte)_options.Address)} within {_options.ResponseTimeout.TotalMilliseconds:0} ms";
            _block = -1;
        });
        Receive<SilenceCheck>(_ => CheckSilence());
        Receive<SerialReadPump.ReadEnded>(e => throw e.Cause);
    }

    public static Props Props(MeterOptions options, IActorRef listener, MeterMonitor monitor) =>
        Akka.Actor.Props.Create(() => new MeterActor(options, listener, monitor));

    private ISerialPort Port => _port ?? throw new InvalidOperationException("The meter port is not open.");

    private TimeProvider Time => Context.System.GetTimeProvider();

    protected override void PreStart()
    {
        _port = SerialPorts.Open(_options.Driver, _options.PortSettings(_options.PortPath));
        _lastReading = Time.GetTimestamp();
        _pump = SerialReadPump.Start(_port, Self);
        var state = _monitor.Link.MarkUp(_options.PortPath);
        Log.Info("Meter link up on {Path} ({Model}, slave {Address}, {Line})", _options.PortPath, _options.Map.Name, _options.Address,
            _options.PortSettings(_options.PortPath));
        StartPoll();
        Timers.StartPeriodicTimer(nameof(PollTick), PollTick.Instance, _options.PollInterval);
        Timers.StartSingleTimer(nameof(SilenceCheck), SilenceCheck.Instance, _options.SilenceTimeout);
        _listener.Tell(new MeterLinkChanged(state), Self);
    }

    protected override void PostStop()
    {
        _pump?.Stop();
        _port?.Dispose();
        if (_monitor.Link.Current.IsUp)
        {
            var state = _monitor.Link.MarkDown(_options.PortPath, "meter link stopped");
            _listener.Tell(new MeterLinkChanged(state), Self);
        }
    }

    private void StartPoll()
    {
        _values.Clear();
        _block = 0;
        SendBlock();
    }

    private void SendBlock()
    {
        if (_block < 0) return;
        var request = _blocks[_block].Request((byte)_options.Address);
        _reader.Expect(request);
        _transaction++;
        Port.Write(request.Encode()); // throws LinkDownException when the adapter is gone: the supervisor takes over
        Timers.StartSingleTimer(nameof(ResponseTimedOut), new ResponseTimedOut(_transaction), _options.ResponseTimeout);
    }

    private void OnBytes(SerialReadPump.BytesReceived received)
    {
        var crcErrors = _reader.CrcErrors;
        var response = _reader.Feed(received.Bytes.Span);
        if (_reader.CrcErrors != crcErrors)
        {
            _monitor.CountFailure();
            _lastProblem = "answers with a wrong CRC (noise, missing termination, or baud rate/parity not as configured)";
        }
        if (response is null || _block < 0) return;
        Timers.Cancel(nameof(ResponseTimedOut));
        switch (response)
        {
            case ModbusExceptionResponse exception:
                _monitor.CountException(exception.Description);
                _lastProblem = $"exception response {exception.Description} to {_blocks[_block].Request((byte)_options.Address)}";
                Log.Warning("Meter on {Path}: {Problem}", _options.PortPath, _lastProblem);
                _block = -1;
                return;
            case ModbusRegisters registers:
                var block = _blocks[_block];
                foreach (var register in block.Registers)
                    _values[register] = register.Decode(registers.Registers.AsSpan(register.Address - block.Start, register.Length));
                break;
        }
        if (++_block < _blocks.Count)
        {
            Timers.StartSingleTimer(nameof(NextBlock), NextBlock.Instance, _interFrameGap);
            return;
        }
        _block = -1;
        _lastReading = Time.GetTimestamp();
        _lastProblem = null;
        var reading = MeterReading.From(Time.GetUtcNow(), _values);
        _monitor.Record(reading);
        _listener.Tell(new ReadingTaken(reading), Self);
    }

    private void CheckSilence()
    {
        var silentFor = Time.GetElapsedTime(_lastReading);
        if (silentFor >= _options.SilenceTimeout) throw new MeterSilentException(_options.PortPath, silentFor, _lastProblem);
        Timers.StartSingleTimer(nameof(SilenceCheck), SilenceCheck.Instance, _options.SilenceTimeout - silentFor);
    }
}
