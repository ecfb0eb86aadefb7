using Akka.Actor;
using Akka.TestKit;
using Charger.Actors.Charging;
using Charger.Actors.Serial;
using Charger.Tests.TestKit;

namespace Charger.Tests.Charging;

/// <summary>
/// The leftover-authorization hazard (ESP32-FIRMWARE.md 2.5) against the simulator: an authorization
/// granted with only a cable plugged in survives the unplug, and the next plug-in charges unasked.
/// </summary>
public sealed class LeftoverAuthorizationPolicyTests : ActorTestBase
{
    private readonly SimulatedStation _station;
    private readonly TestProbe _events;
    private IActorRef _charger = ActorRefs.Nobody;

    public LeftoverAuthorizationPolicyTests()
    {
        _station = new SimulatedStation(Time);
        _events = CreateProbe("events");
    }

    private void StartCharger(LeftoverAuthorizationPolicy policy)
    {
        var options = new ChargerOptions
        {
            Id = "cp-1",
            Link = new SerialLinkOptions { PortPath = _station.DevicePath, RandomFactor = 0 },
            Tracker = new StateTrackerOptions { LeftoverAuthorization = policy },
            Commands = new CommandOptions { AckTimeout = TimeSpan.FromSeconds(5), StopConfirmTimeout = TimeSpan.FromSeconds(10) },
        };
        _charger = Sys.ActorOf(Props.Create(() => new ChargerSupervisor(options, new[] { ChargerEventConsumer.Of(_events.Ref) }, new ChargerEventSequence(),
            new LinkMonitor(Time), new FlightRecorder(16 * 1024, Time), new StatusMonitor(options.Tracker.StaleAfter, Time))), "cp-1");
        Event(ChargerEventType.LinkUp);
        AwaitStatus(s => s.State == ChargerState.Idle); // a first status to compare the plug-in with
    }

    private ChargerEvent Event(ChargerEventType type, Predicate<ChargerEvent>? also = null) =>
        _station.AdvanceUntil<ChargerEvent>(_events, e => e.Type == type && (also?.Invoke(e) ?? true), TimeSpan.FromSeconds(15), what: type.ToString());

    /// <summary>An authorization reaches the firmware with only a cable plugged in (as an older runtime could send), then the cable goes.</summary>
    private ChargerEvent LeaveAnAuthorizationBehind()
    {
        _station.Vehicle.PlugCable(32);
        Event(ChargerEventType.CableConnected);
        _station.Simulator.ReceiveFromHost([0x41, 0x01, 0x2C, 0x01, 0x10]);
        AwaitStatus(s => s.Authorized == true); // granted while the cable was in (not in Idle, where it is ignored)
        _station.Vehicle.UnplugCable();
        return Event(ChargerEventType.LeftoverAuthorization);
    }

    [Fact]
    public void Report_only_raises_the_event_and_the_next_plug_in_charges_unasked()
    {
        StartCharger(LeftoverAuthorizationPolicy.ReportOnly);
        var leftover = LeaveAnAuthorizationBehind();
        Assert.True(leftover.Status!.Authorized);
        Assert.DoesNotContain("clearing", leftover.Message);

        _station.Vehicle.PlugCable(32);
        _station.Vehicle.ConnectEv();
        Event(ChargerEventType.ChargeReady); // the hazard: authorized without a new start
    }

    [Fact]
    public void Clear_with_stop_resets_the_authorization_so_the_next_plug_in_waits_for_a_start()
    {
        StartCharger(LeftoverAuthorizationPolicy.ClearWithStop);
        Assert.Contains("clearing it with a stop", LeaveAnAuthorizationBehind().Message);
        // 1 -> 7 -> 1 takes two loop passes, usually between two polls: watch the flag, not the states.
        var cleared = AwaitStatus(s => s.Authorized == false);
        Assert.Equal(ChargerState.Idle, cleared.State);

        _station.Vehicle.PlugCable(32);
        _station.Vehicle.ConnectEv();
        var waiting = Event(ChargerEventType.EvConnected);
        Assert.False(waiting.Status!.Authorized);
        Assert.Throws<TestKitException>(() => Event(ChargerEventType.ChargeReady)); // no unasked start
    }

    private ChargerStatus AwaitStatus(Predicate<ChargerStatus> match)
    {
        for (var step = 0; step < 150; step++)
        {
            var current = _charger.Ask<StateTrackerActor.CurrentStatus>(StateTrackerActor.GetStatus.Instance, TimeSpan.FromSeconds(30))
                .WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            if (current.Status is { } status && match(status)) return status;
            Time.Advance(TimeSpan.FromMilliseconds(100));
            // A short real-time window for the bytes in flight (events that arrive meanwhile are not needed here).
            _events.ReceiveWhile<object>(TimeSpan.FromMilliseconds(25), m => m);
        }
        throw new TestKitException("the status never matched within 15 s of simulated time");
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
