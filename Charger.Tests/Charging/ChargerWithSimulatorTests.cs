using Akka.Actor;
using Akka.TestKit;
using Charger.Actors.Charging;
using Charger.Actors.Serial;
using Charger.Tests.TestKit;

namespace Charger.Tests.Charging;

/// <summary>A whole charger subtree against the firmware-faithful simulator over a pty, on the manual clock.</summary>
public sealed class ChargerWithSimulatorTests : ActorTestBase
{
    private readonly SimulatedStation _station;
    private readonly TestProbe _events;
    private readonly TestProbe _client;
    private readonly IActorRef _charger;
    private readonly List<ChargerEvent> _seen = [];

    public ChargerWithSimulatorTests()
    {
        _station = new SimulatedStation(Time);
        _events = CreateProbe("events");
        _client = CreateProbe("client");
        var options = new ChargerOptions
        {
            Id = "cp-1",
            Link = new SerialLinkOptions { PortPath = _station.DevicePath, RandomFactor = 0 },
            // Bytes cross a real pty while the clock is the test's: give the real I/O simulated time to
            // spare, since this test is about the flow (the timeouts have their own tests).
            Commands = new CommandOptions { AckTimeout = TimeSpan.FromSeconds(5), StopConfirmTimeout = TimeSpan.FromSeconds(10) },
        };
        _charger = Sys.ActorOf(Props.Create(() => new ChargerSupervisor(options, new[] { ChargerEventConsumer.Of(_events.Ref) }, new ChargerEventSequence(),
            new LinkMonitor(Time), new FlightRecorder(16 * 1024, Time), new StatusMonitor(options.Tracker.StaleAfter, Time))), "cp-1");
        Event(ChargerEventType.LinkUp);
    }

    private ChargerEvent Event(ChargerEventType type) =>
        _station.AdvanceUntil<ChargerEvent>(_events, e =>
        {
            _seen.Add(e);
            return e.Type == type;
        }, TimeSpan.FromSeconds(15), what: type.ToString());

    private T Command<T>(ChargerCommand command) where T : CommandResult
    {
        _client.Send(_charger, command);
        var result = _station.AdvanceUntil<CommandResult>(_client, _ => true, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50), $"result of {command}");
        return Assert.IsType<T>(result);
    }

    [Fact]
    public void A_full_charge_cycle_through_commands_yields_the_expected_events_in_order()
    {
        Assert.Contains("Idle (1)", Command<CommandResult.Rejected>(new StartCharging()).Reason); // nothing plugged in

        // Set while Idle: the firmware's force-to-Idle on this command then changes nothing.
        Command<CommandResult.Accepted>(new SetMaxCurrent(16));
        _station.Vehicle.PlugCable(32);
        Event(ChargerEventType.CableConnected);
        _station.Vehicle.ConnectEv();
        Event(ChargerEventType.EvConnected);

        Command<CommandResult.Accepted>(new StartCharging("driver-7"));
        Event(ChargerEventType.ChargeReady);
        _station.Vehicle.RequestCharge();
        var started = Event(ChargerEventType.ChargeStarted);
        Assert.Equal(16, started.Status!.MaxCurrentAmps);

        var stopped = Command<CommandResult.Confirmed>(new StopCharging());
        Assert.Equal(ChargerState.Stopped, stopped.Status.State);
        Event(ChargerEventType.ChargeStopped);

        _station.Vehicle.DisconnectEv();
        _station.Vehicle.UnplugCable();
        Event(ChargerEventType.CableDisconnected);

        Assert.Equal(
            [
                ChargerEventType.CableConnected, ChargerEventType.EvConnected, ChargerEventType.ChargeReady,
                ChargerEventType.ChargeStarted, ChargerEventType.ChargeStopped, ChargerEventType.CableDisconnected,
            ],
            _seen.Where(e => e.FromState is not null).Select(e => e.Type));
        Assert.Equal(_seen.Select(e => e.Sequence).Order(), _seen.Select(e => e.Sequence)); // in order, no repeats
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing); // the actor system first: it closes the port before the device goes
        }
        finally
        {
            if (disposing) _station.Dispose();
        }
    }
}
