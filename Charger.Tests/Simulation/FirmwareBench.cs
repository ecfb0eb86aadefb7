using System.Text;
using Charger.Actors.Simulation;

namespace Charger.Tests.Simulation;

/// <summary>
/// Drives <see cref="Esp32Firmware"/> by hand, one loop pass at a time, and captures what it prints.
/// A periodic STAT (always the last thing a pass prints) is moved out of the pass output into
/// <see cref="PeriodicStats"/>, so tests can compare a pass's output exactly without caring where
/// the 7.5 s timer happens to fall.
/// </summary>
internal sealed class FirmwareBench
{
    public static readonly Esp32FirmwareOptions QuietBoot = new() { PrintRomBootMessages = false };

    private readonly StringBuilder _output = new();

    public FirmwareBench(Esp32FirmwareOptions? options = null)
    {
        Hardware = new ChargePointHardware();
        Hardware.PowerBoard.IsTransmitting = false; // tests inject power-board packets explicitly
        Vehicle = new SimulatedVehicle(Hardware);
        Firmware = new Esp32Firmware(Hardware, bytes => _output.Append(Encoding.Latin1.GetString(bytes.Span)), options ?? QuietBoot);
    }

    public ChargePointHardware Hardware { get; }

    public SimulatedVehicle Vehicle { get; }

    public Esp32Firmware Firmware { get; }

    public List<string> PeriodicStats { get; } = [];

    public FirmwareState State => Firmware.State;

    public string Stat => Firmware.Status.ToStatFrame();

    public static FirmwareBench Booted(Esp32FirmwareOptions? options = null)
    {
        var bench = new FirmwareBench(options);
        bench.Firmware.Boot();
        bench.TakeOutput();
        return bench;
    }

    public static byte[] Frame(byte command, byte value) => [0x41, command, 0x2C, value, 0x10];

    public string TakeOutput()
    {
        var text = _output.ToString();
        _output.Clear();
        return text;
    }

    public void Send(byte command, byte value) => Firmware.Receive(Frame(command, value));

    public void SendBytes(params byte[] bytes) => Firmware.Receive(bytes);

    /// <summary>Runs one pass and returns what it printed, without a periodic STAT.</summary>
    public string Pass()
    {
        var before = Firmware.LastStatMillis;
        Firmware.RunLoopPass();
        var text = TakeOutput();
        if (Firmware.LastStatMillis != before)
        {
            var start = text.LastIndexOf("<STAT;", StringComparison.Ordinal);
            Assert.True(start >= 0, "a periodic STAT was due but not printed");
            PeriodicStats.Add(text[start..]);
            text = text[..start];
        }
        return text;
    }

    /// <summary>Runs passes and returns everything they printed, without periodic STATs.</summary>
    public string Passes(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++) text.Append(Pass());
        return text.ToString();
    }

    /// <summary>Sends a frame and runs one pass: the reply.</summary>
    public string Command(byte command, byte value)
    {
        Send(command, value);
        return Pass();
    }

    /// <summary>Runs passes until the condition holds; returns their output.</summary>
    public string RunUntil(Func<bool> condition, int maxPasses = 500)
    {
        var text = new StringBuilder();
        for (var i = 0; i < maxPasses; i++)
        {
            if (condition()) return text.ToString();
            text.Append(Pass());
        }
        Assert.Fail($"condition not reached within {maxPasses} passes (state {State})");
        return text.ToString();
    }

    /// <summary>Cable in, EV connected: state 3.</summary>
    public void ToEvConnected(int cableRating = 32)
    {
        Vehicle.PlugCable(cableRating);
        RunUntil(() => State == FirmwareState.CableDetect);
        Pass();
        Vehicle.ConnectEv();
        RunUntil(() => State == FirmwareState.EvConnected);
        Pass();
    }

    /// <summary>Cable in, EV connected, authorized, relay on, EV drawing: state 5.</summary>
    public void ToCharging(int cableRating = 32)
    {
        ToEvConnected(cableRating);
        Assert.Equal("<ACK;CMD=AUTH;STATUS=OK;>\r\n", Command(1, 1));
        RunUntil(() => State == FirmwareState.Ready);
        Pass();
        Vehicle.RequestCharge();
        RunUntil(() => State == FirmwareState.Charging);
        Pass();
    }

    public void InjectPowerBoardPacket(PowerBoardStatus status) => Hardware.PowerBoard.InjectBytes(SimulatedPowerBoard.Packet(status));
}
