using Charger.Actors.Metering;
using Charger.Actors.Metering.Modbus;

namespace Charger.Actors.Simulation;

/// <summary>
/// An Eastron SDM120 or SDM630 as a Modbus RTU slave on a byte pipe (<see cref="ISimulatorTransport"/>: the ESP32
/// simulator's pty transport, so the runtime opens it as a real RS-485 adapter). Its currents come from
/// <paramref name="currents"/> (amps per phase, e.g. <see cref="CurrentsOf"/> the simulated ESP32's vehicle), at
/// <see cref="VoltageV"/> and unity power factor; it integrates energy on a <see cref="TimeProvider"/> timer and
/// whenever it is read, so the import register is exact to one tick's change in power. It answers the register map
/// the runtime reads for the model (<see cref="RegisterMap"/>), zeros in gaps, "illegal data address" outside it,
/// and misbehaves on demand (<see cref="Faults"/>, <see cref="ResetRegister"/>).
/// </summary>
public sealed class MeterSimulator : IDisposable
{
    /// <summary>How often power is sampled and integrated between reads.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Func<double[]> _currents;
    private readonly RegisterMap _map;
    private readonly ModbusRequestReader _requests = new();
    private readonly ITimer _timer;
    private readonly Random _noise = new(20);
    private ISimulatorTransport? _transport;
    private double _energyWh;
    private double[] _lastCurrents = [0, 0, 0];
    private long _lastSample;
    private MeterFaults _faults = MeterFaults.None;
    private long _requestsServed;

    public MeterSimulator(TimeProvider time, MeterModel model, Func<double[]> currents, byte address = 1, double initialEnergyWh = 1_234_500)
    {
        if (model is not (MeterModel.Sdm120 or MeterModel.Sdm630))
            throw new ArgumentException($"The meter simulator plays an SDM120 or SDM630, not {model}.", nameof(model));
        _time = time;
        _currents = currents;
        Model = model;
        Address = address;
        _map = RegisterMap.For(model);
        _energyWh = initialEnergyWh;
        _lastSample = time.GetTimestamp();
        _timer = time.CreateTimer(_ => Sample(), null, Tick, Tick);
    }

    public MeterModel Model { get; }

    public byte Address { get; }

    public int Phases => Model == MeterModel.Sdm630 ? 3 : 1;

    public double VoltageV { get; init; } = 230;

    /// <summary>The import register as the meter integrated it, Wh (what a session's energy must match).</summary>
    public double EnergyWh
    {
        get
        {
            lock (_gate)
            {
                Integrate();
                return _energyWh;
            }
        }
    }

    public MeterFaults Faults
    {
        get { lock (_gate) return _faults; }
        set { lock (_gate) _faults = value; }
    }

    public long RequestsServed => Interlocked.Read(ref _requestsServed);

    /// <summary>The register goes back to 0 (a meter replaced or reset by its installer).</summary>
    public void ResetRegister()
    {
        lock (_gate)
        {
            Integrate();
            _energyWh = 0;
        }
    }

    public void Attach(ISimulatorTransport transport)
    {
        lock (_gate)
        {
            if (_transport is not null) throw new InvalidOperationException("The meter simulator is already attached.");
            _transport = transport;
        }
        transport.Attach(Receive);
    }

    /// <summary>
    /// The currents of the simulated ESP32's charge: what its PWM offers (the firmware's duty, 0.6 A per percent) while
    /// the relay is closed and the vehicle asks for power (pilot C or D), on every phase of the meter; else none.
    /// </summary>
    public static Func<double[]> CurrentsOf(Esp32Simulator esp32, int phases) => () =>
    {
        var hardware = esp32.Hardware;
        var amps = hardware.RelayClosed && esp32.Vehicle.Pilot is PilotState.C or PilotState.D && hardware.ControlPilotDuty is > 0 and < 255
            ? hardware.ControlPilotDuty * 100.0 / 255 * 0.6
            : 0;
        return [.. Enumerable.Repeat(amps, phases)];
    };

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        lock (_gate) Integrate();
    }

    /// <summary>Adds the energy since the last sample at the power then, and samples the power now.</summary>
    private void Integrate()
    {
        var now = _time.GetTimestamp();
        var hours = _time.GetElapsedTime(_lastSample, now).TotalHours;
        _energyWh += _lastCurrents.Take(Phases).Sum() * VoltageV * hours;
        _lastSample = now;
        var currents = _currents();
        _lastCurrents = [.. Enumerable.Range(0, 3).Select(i => i < currents.Length ? currents[i] : 0)];
    }

    private void Receive(ReadOnlySpan<byte> bytes)
    {
        List<byte[]> answers = [];
        lock (_gate)
        {
            foreach (var request in _requests.Feed(bytes))
            {
                var answer = Answer(request);
                if (answer is not null) answers.Add(answer);
            }
        }
        foreach (var answer in answers) _transport?.Write(answer);
    }

    private byte[]? Answer(object request)
    {
        var faults = _faults;
        byte address;
        ModbusResponse response;
        switch (request)
        {
            case ModbusRequestReader.Unsupported u:
                if (u.Address != Address) return null;
                address = u.Address;
                response = new ModbusExceptionResponse(address, (ModbusFunction)(u.Function & 0x7F), ModbusExceptionCode.IllegalFunction);
                break;
            case ModbusRequest r:
                if (r.Address != Address) return null; // another slave's request: silence
                address = r.Address;
                response = faults.ExceptionCode is { } code ? new ModbusExceptionResponse(address, r.Function, code) : Read(r);
                break;
            default:
                return null;
        }
        Interlocked.Increment(ref _requestsServed);
        if (faults.NoAnswer) return null;
        var frame = response.Encode();
        if (faults.CorruptCrc) frame[^1] ^= 0x5A;
        if (faults.GarbageBefore <= 0) return frame;
        var garbage = new byte[faults.GarbageBefore];
        _noise.NextBytes(garbage);
        return [.. garbage, .. frame];
    }

    private ModbusResponse Read(ModbusRequest request)
    {
        var end = request.Start + request.Count;
        var inside = _map.Registers.Where(r => r.Function == request.Function && r.Address < end && r.Address + r.Length > request.Start).ToList();
        if (inside.Count == 0 || inside.Any(r => r.Address < request.Start || r.Address + r.Length > end))
            return new ModbusExceptionResponse(request.Address, request.Function, ModbusExceptionCode.IllegalDataAddress);
        Integrate();
        var image = new ushort[request.Count];
        foreach (var register in inside)
        {
            var words = register.Encode(ValueOf(register));
            words.CopyTo(image, register.Address - request.Start);
        }
        return new ModbusRegisters(request.Address, request.Function, image);
    }

    private double ValueOf(MeterRegister register)
    {
        var phase = register.Phase - 1;
        return register.Quantity switch
        {
            MeterQuantity.EnergyImport => _energyWh,
            MeterQuantity.Voltage => phase < Phases ? VoltageV : 0,
            MeterQuantity.Current => phase < Phases ? _lastCurrents[phase] : 0,
            MeterQuantity.Power => phase < Phases ? _lastCurrents[phase] * VoltageV : 0,
            MeterQuantity.PowerTotal => _lastCurrents.Take(Phases).Sum() * VoltageV,
            _ => 0,
        };
    }
}
