using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using Charger.Actors.Metering;
using Charger.Actors.Metering.Modbus;
using Charger.Actors.Supervision;
using Charger.Tests.TestKit;

namespace Charger.Tests.Metering;

/// <summary>
/// Our Modbus master (<see cref="MeterActor"/> under its backoff <see cref="MeterLink"/>) against the meter simulator
/// over a pseudo-terminal, all timers on one manual clock: values, wrong CRCs, exception responses, silence,
/// garbage on the line and an unplugged adapter.
/// </summary>
public sealed class MeterActorWithSimulatorTests : ActorTestBase
{
    private readonly double[] _amps = [16, 15, 14];
    private readonly SimulatedMeter _meter;
    private readonly TestProbe _listener;
    private readonly MeterMonitor _monitor;

    public MeterActorWithSimulatorTests()
    {
        _meter = new SimulatedMeter(Time, MeterModel.Sdm630, () => _amps);
        _listener = CreateProbe("listener");
        var options = new MeterOptions
        {
            PortPath = _meter.DevicePath, Model = MeterModel.Sdm630, Map = RegisterMap.Sdm630, RandomFactor = 0,
            PollInterval = TimeSpan.FromSeconds(1), ResponseTimeout = TimeSpan.FromMilliseconds(500), SilenceTimeout = TimeSpan.FromSeconds(5),
        };
        options.Validate();
        _monitor = new MeterMonitor(options, Time);
        var path = ((ExtendedActorSystem)Sys).Guardian.Path / MeterLink.Name;
        Sys.ActorOf(MeterLink.Props(options, _listener.Ref, _monitor, Logging.GetLogger(Sys, "meter"), Sys.Supervision(), path), MeterLink.Name);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _meter.Dispose();
    }

    private T AdvanceUntil<T>(Predicate<T> match, TimeSpan within, string what)
    {
        var end = Time.GetUtcNow() + within;
        while (true)
        {
            try
            {
                return _listener.FishForMessage(match, TimeSpan.FromMilliseconds(40));
            }
            catch (Exception e) when (e is not TestKitException && Time.GetUtcNow() < end)
            {
                _meter.AwaitIoCaughtUp();
                Time.Advance(TimeSpan.FromMilliseconds(50));
            }
            catch (Exception e) when (e is not TestKitException)
            {
                throw new TestKitException($"No {what} within {within.TotalSeconds} s of simulated time: {e.Message}");
            }
        }
    }

    private MeterReading ExpectReading(TimeSpan? within = null) =>
        AdvanceUntil<MeterActor.ReadingTaken>(_ => true, within ?? TimeSpan.FromSeconds(3), "reading").Reading;

    private void ExpectLink(bool up, TimeSpan within) =>
        AdvanceUntil<MeterActor.MeterLinkChanged>(c => c.State.IsUp == up, within, up ? "meter link up" : "meter link down");

    [Fact]
    public void A_poll_reads_every_register_of_the_sdm630_as_the_meter_has_it()
    {
        var reading = ExpectReading();
        Assert.Equal([230.0, 230.0, 230.0], reading.VoltageV.Select(v => v!.Value));
        Assert.Equal([16.0, 15.0, 14.0], reading.CurrentA.Select(v => v!.Value));
        Assert.Equal(45 * 230.0, reading.PowerW!.Value, 0.01);
        // Float32 kWh near 1234 kWh has a 0.12 Wh step, and the simulator has counted on (10 kW) since the reading: a few steps' worth.
        Assert.InRange(_meter.Simulator.EnergyWh - reading.EnergyImportWh!.Value, -0.2, 2);
        Assert.True(_monitor.IsFresh);
        Assert.Equal(reading.EnergyImportWh, _monitor.Read()!.Wh);
    }

    [Fact]
    public void Energy_rises_with_the_current_and_stops_with_it()
    {
        var first = ExpectReading().EnergyImportWh!.Value;
        Time.Advance(TimeSpan.FromSeconds(10));
        var later = ExpectReading().EnergyImportWh!.Value;
        Assert.InRange(later - first, 45 * 230.0 * 10 / 3600 - 1, 45 * 230.0 * 13 / 3600 + 1);
        for (var i = 0; i < 3; i++) _amps[i] = 0;
        var stopped = ExpectReading(TimeSpan.FromSeconds(3)).EnergyImportWh!.Value;
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(stopped, ExpectReading().EnergyImportWh!.Value, 0.1);
    }

    [Fact]
    public void Wrong_crcs_are_counted_never_taken_and_readings_resume_when_the_line_is_clean()
    {
        ExpectReading();
        _meter.Simulator.Faults = new Actors.Simulation.MeterFaults(CorruptCrc: true);
        _listener.ReceiveWhile<object>(TimeSpan.FromMilliseconds(100), m => m); // drop what is in flight
        var failedBefore = _monitor.FailedReads;
        Time.Advance(TimeSpan.FromSeconds(1));
        _meter.AwaitIoCaughtUp();
        AwaitCondition(() => _monitor.FailedReads > failedBefore, TimeSpan.FromSeconds(5));
        Time.Advance(TimeSpan.FromSeconds(1));
        _meter.AwaitIoCaughtUp();
        _listener.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        _meter.Simulator.Faults = Actors.Simulation.MeterFaults.None;
        ExpectReading();
    }

    [Fact]
    public void An_exception_response_is_reported_with_its_code_and_gives_no_reading()
    {
        ExpectReading();
        _meter.Simulator.Faults = new Actors.Simulation.MeterFaults(ExceptionCode: ModbusExceptionCode.SlaveDeviceBusy);
        Time.Advance(TimeSpan.FromSeconds(1));
        _meter.AwaitIoCaughtUp();
        AwaitCondition(() => _monitor.ExceptionResponses > 0, TimeSpan.FromSeconds(5));
        Assert.Equal("slave device busy (6)", _monitor.LastException);
        _meter.Simulator.Faults = Actors.Simulation.MeterFaults.None;
        _listener.ReceiveWhile<object>(TimeSpan.FromMilliseconds(100), m => m);
        ExpectReading();
    }

    [Fact]
    public void Garbage_before_every_answer_is_skipped()
    {
        _meter.Simulator.Faults = new Actors.Simulation.MeterFaults(GarbageBefore: 13);
        var reading = ExpectReading();
        Assert.Equal(230.0, reading.VoltageV[2]);
        Assert.Equal(14.0, reading.CurrentA[2]);
    }

    [Fact]
    public void A_meter_that_stops_answering_is_a_link_down_its_values_go_stale_and_it_comes_back()
    {
        ExpectReading();
        _meter.Simulator.Faults = new Actors.Simulation.MeterFaults(NoAnswer: true);
        var down = AdvanceUntil<MeterActor.MeterLinkChanged>(c => !c.State.IsUp, TimeSpan.FromSeconds(8), "meter link down").State;
        Assert.Contains("no answer", down.LastError);
        Assert.False(_monitor.IsFresh);
        Assert.False(_monitor.Read()!.Fresh);
        Assert.True(_monitor.Age >= TimeSpan.FromSeconds(5));
        _meter.Simulator.Faults = Actors.Simulation.MeterFaults.None;
        ExpectLink(up: true, TimeSpan.FromSeconds(15));
        ExpectReading();
        Assert.True(_monitor.IsFresh);
    }

    [Fact]
    public void An_unplugged_adapter_is_a_link_down_and_reconnects_when_it_is_back()
    {
        ExpectReading();
        _meter.Transport.Disappear();
        ExpectLink(up: false, TimeSpan.FromSeconds(6));
        Assert.False(_monitor.IsFresh);
        _meter.Transport.Reappear();
        ExpectLink(up: true, TimeSpan.FromSeconds(15));
        ExpectReading();
        Assert.Equal(1, _monitor.Link.Current.Reconnects);
    }
}
