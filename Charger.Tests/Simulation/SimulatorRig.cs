using Charger.Actors.Simulation;
using Charger.Tests.TestKit;

namespace Charger.Tests.Simulation;

/// <summary>An <see cref="Esp32Simulator"/> on a manual clock with an in-memory host link.</summary>
internal sealed class SimulatorRig : IDisposable
{
    public SimulatorRig(Esp32SimulatorOptions? options = null, bool powerOn = true)
    {
        Clock = new ManualTimeProvider();
        Simulator = new Esp32Simulator(Clock, options);
        Link = new InMemorySimulatorTransport();
        Simulator.Attach(Link);
        if (powerOn) Simulator.PowerOn();
    }

    public ManualTimeProvider Clock { get; }

    public Esp32Simulator Simulator { get; }

    public InMemorySimulatorTransport Link { get; }

    public SimulatedVehicle Vehicle => Simulator.Vehicle;

    /// <summary>Powered on, booted, output so far discarded.</summary>
    public static SimulatorRig Booted(Esp32SimulatorOptions? options = null)
    {
        var rig = new SimulatorRig(options);
        rig.Advance(TimeSpan.FromSeconds(3));
        rig.Link.TakeOutputText();
        return rig;
    }

    public void Advance(TimeSpan time) => Clock.Advance(time);

    public void AdvanceSeconds(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    public void Send(byte command, byte value) => Assert.True(Link.SendFromHost(FirmwareBench.Frame(command, value)));

    /// <summary>Sends READSTAT, lets 2 s pass, and returns the STAT line that precedes its ACK.</summary>
    public string ReadStatus()
    {
        var before = Link.TakeOutputText();
        Transcript.Append(before);
        Send(0, 0);
        AdvanceSeconds(2);
        var text = Link.TakeOutputText();
        Transcript.Append(text);
        var lines = text.Split("\r\n");
        var ack = Array.IndexOf(lines, "<ACK;CMD=READSTAT;STATUS=OK;>");
        Assert.True(ack > 0, $"no READSTAT reply in: {text}");
        return lines[ack - 1];
    }

    /// <summary>Everything read through <see cref="ReadStatus"/> and <see cref="TakeText"/>.</summary>
    public System.Text.StringBuilder Transcript { get; } = new();

    public string TakeText()
    {
        var text = Link.TakeOutputText();
        Transcript.Append(text);
        return text;
    }

    public void Dispose() => Simulator.Dispose();
}
