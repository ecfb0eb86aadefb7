using System.Diagnostics;
using Akka.Actor;
using Akka.TestKit;
using Charger.Actors.Charging;
using Charger.Actors.Serial;
using Charger.Actors.Simulation;
using Charger.Actors.Station;
using Charger.Actors.Subscribers;
using Charger.Actors.Supervision;
using Charger.Tests.Subscribers;
using Charger.Tests.TestKit;

namespace Charger.Tests.Station;

/// <summary>
/// The station as the daemon builds it (chargers supervisor, registry, subscribers) against the
/// firmware-faithful simulator over a pty, on the manual clock. Events are observed the way an
/// integrator sees them: through a subscriber.
/// </summary>
public sealed class StationWithSimulatorTests : ActorTestBase
{
    private readonly SimulatedStation _station;
    private readonly TestProbe _events;
    private readonly TestProbe _client;
    private readonly ManualResetEventSlim _slowGate = new();
    private readonly ChargerRegistry _registry = new();
    private readonly List<ChargerEvent> _seen = [];
    private ChargerHandle _charger = null!;

    public StationWithSimulatorTests()
    {
        _station = new SimulatedStation(Time);
        _events = CreateProbe("events");
        _client = CreateProbe("client");
    }

    /// <summary>Starts the station; with <paramref name="slowSubscriber"/> a second subscriber blocks on every event until the gate opens.</summary>
    private void Start(bool slowSubscriber = false)
    {
        var fast = new SubscriberOptions { MaxRetries = 0 };
        var subscribers = new List<SubscriberDefinition> { new("events", () => new TestSinks.Forwarding(_events.Ref), fast) };
        if (slowSubscriber)
            subscribers.Add(new SubscriberDefinition("slow", () => new BlockingEverySink(_slowGate), fast with { MailboxCapacity = 1 }));
        var options = new StationOptions
        {
            Chargers =
            [
                new ChargerOptions
                {
                    Id = "cp-1",
                    Link = new SerialLinkOptions { PortPath = _station.DevicePath, RandomFactor = 0 },
                    // Real pty I/O against the manual clock: give it simulated time to spare (timeouts have their own tests).
                    Commands = new CommandOptions { AckTimeout = TimeSpan.FromSeconds(5), StopConfirmTimeout = TimeSpan.FromSeconds(10) },
                },
            ],
            Subscribers = subscribers,
        };
        var chargers = Sys.ActorOf(ChargersSupervisor.Props(options, _registry), ChargersSupervisor.Name);
        _client.Send(chargers, ChargersSupervisor.GetChargers.Instance);
        Assert.Equal(["cp-1"], _client.ExpectMsg<ChargersSupervisor.Chargers>().All.Select(c => c.Id));
        Assert.True(_registry.TryGet("CP-1", out _charger)); // ids are case-insensitive, as in URLs
        Assert.Same(_charger, _registry.Default);
        Event(ChargerEventType.LinkUp);
    }

    private ChargerEvent Event(ChargerEventType type, TimeSpan? within = null, TimeSpan? step = null) =>
        _station.AdvanceUntil<ChargerEvent>(_events, e =>
        {
            _seen.Add(e);
            return e.Type == type;
        }, within ?? TimeSpan.FromSeconds(15), step, type.ToString());

    private CommandResult Command(ChargerCommand command)
    {
        _client.Send(_charger.Supervisor, command);
        return _station.AdvanceUntil<CommandResult>(_client, _ => true, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50), $"result of {command}");
    }

    private T Command<T>(ChargerCommand command) where T : CommandResult => Assert.IsType<T>(Command(command));

    private IEnumerable<ChargerEventType> Transitions() => _seen.Where(e => e.FromState is not null).Select(e => e.Type);

    /// <summary>Every event reached the subscriber once, in order, with no gap in the sequence.</summary>
    private void AssertNoGapOrRepeat()
    {
        var sequences = _seen.Select(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range((int)sequences[0], sequences.Count).Select(i => (long)i), sequences);
    }

    private void ChargeUntilCharging()
    {
        _station.Vehicle.PlugCable(32);
        _station.Vehicle.ConnectEv();
        Event(ChargerEventType.EvConnected);
        Command<CommandResult.Accepted>(new StartCharging("driver-7"));
        Event(ChargerEventType.ChargeReady); // else a 1 s poll may see 3->5, which is only CHARGE_STARTED
        _station.Vehicle.RequestCharge();
        Event(ChargerEventType.ChargeStarted);
    }

    [Fact]
    public void A_charge_with_a_pause_and_a_resume_yields_its_events_in_order_to_a_subscriber()
    {
        Start();
        ChargeUntilCharging();
        _station.Vehicle.Pause();
        Event(ChargerEventType.ChargePaused);
        _station.Vehicle.Resume();
        Event(ChargerEventType.ChargeStarted); // the firmware resumes through READY (6->4->5): a new start
        Command<CommandResult.Confirmed>(new StopCharging());
        Event(ChargerEventType.ChargeStopped);
        _station.Vehicle.DisconnectEv();
        _station.Vehicle.UnplugCable();
        Event(ChargerEventType.CableDisconnected);

        // 6->4 is reported as a plain state change when the poll catches READY between pause and resume.
        Assert.Equal(
            [
                ChargerEventType.CableConnected, ChargerEventType.EvConnected, ChargerEventType.ChargeReady, ChargerEventType.ChargeStarted,
                ChargerEventType.ChargePaused, ChargerEventType.ChargeStarted, ChargerEventType.ChargeStopped, ChargerEventType.CableDisconnected,
            ],
            Transitions().Where(t => t != ChargerEventType.StateChanged));
        AssertNoGapOrRepeat();
    }

    [Fact]
    public void An_ev_unplugged_mid_charge_stops_the_charge_and_the_cable_removal_ends_it()
    {
        Start();
        ChargeUntilCharging();
        _station.Vehicle.DisconnectEv(); // pilot to A while charging: the firmware goes to STOPPED (5->7)
        var stopped = Event(ChargerEventType.ChargeStopped);
        Assert.Equal((5, 7), (stopped.FromState, stopped.ToState));
        _station.Vehicle.UnplugCable();
        Event(ChargerEventType.CableDisconnected);
        Assert.Contains(_seen, e => e is { Type: ChargerEventType.FirmwareInfo, Message: { } m } && m.Contains("FINISHING_EXIT_STATION_CABLE_DISCONNECTED"));
        AssertNoGapOrRepeat();
    }

    [Fact]
    public void A_power_board_fault_is_detected_and_its_recovery_reported()
    {
        Start();
        _station.Simulator.Hardware.PowerBoard.Condition = PowerBoardStatus.EarthFault;
        var fault = Event(ChargerEventType.FaultDetected, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250));
        Assert.Equal(PowerBoardState.NoEarth, fault.Status!.PowerBoard);
        Assert.Contains(_seen, e => e is { Type: ChargerEventType.FirmwareWarning, Message: { } m } && m.Contains("GF_CONFIRMED"));

        _station.Simulator.Hardware.PowerBoard.Condition = PowerBoardStatus.Ok;
        var cleared = Event(ChargerEventType.FaultCleared, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));
        Assert.Equal(ChargerState.Idle, cleared.Status!.State);
        AssertNoGapOrRepeat();
    }

    public static TheoryData<string> ReachableStates => ["Idle", "CableDetect", "EvConnected", "Ready", "Charging", "Paused"];

    [Theory]
    [MemberData(nameof(ReachableStates))]
    public void Stop_is_confirmed_from_every_state_the_vehicle_can_reach(string from)
    {
        Start();
        var target = Enum.Parse<ChargerState>(from);
        if (target >= ChargerState.CableDetect)
        {
            _station.Vehicle.PlugCable(32);
            Event(ChargerEventType.CableConnected);
        }
        if (target >= ChargerState.EvConnected)
        {
            _station.Vehicle.ConnectEv();
            Event(ChargerEventType.EvConnected);
        }
        if (target >= ChargerState.Ready)
        {
            Command<CommandResult.Accepted>(new StartCharging());
            Event(ChargerEventType.ChargeReady);
        }
        if (target >= ChargerState.Charging)
        {
            _station.Vehicle.RequestCharge();
            Event(ChargerEventType.ChargeStarted);
        }
        if (target == ChargerState.Paused)
        {
            _station.Vehicle.Pause();
            Event(ChargerEventType.ChargePaused);
        }

        var confirmed = Command<CommandResult.Confirmed>(new StopCharging());
        // With nothing in the socket STOPPED ends at once (7->1); otherwise it holds until the cable goes.
        ChargerState?[] expected = target == ChargerState.Idle ? [ChargerState.Stopped, ChargerState.Idle] : [ChargerState.Stopped];
        Assert.Contains(confirmed.Status.State, expected);
        if (confirmed.Status.State == ChargerState.Stopped) Assert.Equal(RelayState.Open, confirmed.Status.Relay);
    }

    [Fact]
    public void Commands_while_the_device_is_gone_are_answered_link_down_at_once_and_never_replayed()
    {
        Start();
        _station.Simulator.Disappear();
        Event(ChargerEventType.LinkDown, TimeSpan.FromSeconds(10));

        var elapsed = new List<double>();
        foreach (var command in Enumerable.Range(0, 20).Select(i => (ChargerCommand)(i % 3 == 0 ? new StartCharging() : i % 3 == 1 ? new StopCharging() : new SetMaxCurrent(10))))
        {
            var watch = Stopwatch.StartNew();
            _client.Send(_charger.Supervisor, command);
            // No clock advance: the answer must not depend on any timer.
            var result = _client.ExpectMsg<CommandResult>(TimeSpan.FromSeconds(5));
            elapsed.Add(watch.Elapsed.TotalMilliseconds);
            Assert.IsType<CommandResult.LinkDown>(result);
        }
        elapsed.Sort();
        // The goal is 50 ms; each answer takes well under a millisecond, so the median only fails if something waits.
        Assert.True(elapsed[elapsed.Count / 2] < 50, $"median {elapsed[elapsed.Count / 2]:F1} ms, max {elapsed[^1]:F1} ms");

        _station.Simulator.Reappear();
        Event(ChargerEventType.LinkUp, TimeSpan.FromSeconds(20));
        var afterReconnect = _seen.Count;
        for (var i = 0; i < 50; i++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(100));
            _seen.AddRange(_events.ReceiveWhile<ChargerEvent>(_ => true, TimeSpan.FromMilliseconds(20)));
        }
        // Nothing queued during the outage ran afterwards: no authorization, no new limit, no stop.
        Assert.DoesNotContain(_seen.Skip(afterReconnect), e => e.FromState is not null);
        Assert.Equal(0, _station.Simulator.Status.AuthEnabled);
        Assert.NotEqual(10, _station.Simulator.Status.MaxCurrent); // the SetMaxCurrent(10)s sent while it was gone
    }

    [Fact]
    public async Task Killing_the_serial_actor_mid_charge_loses_and_repeats_no_event()
    {
        Start();
        ChargeUntilCharging();
        var serial = await Sys.ActorSelection($"/user/{ChargersSupervisor.Name}/cp-1/{ChargerSupervisor.LinkName}/{SerialLink.ChildName}")
            .ResolveOne(TimeSpan.FromSeconds(3));
        Assert.False(serial.IsNobody());
        serial.Tell(Kill.Instance);
        Event(ChargerEventType.LinkDown);
        _station.Vehicle.Pause(); // happens while the link is being reopened
        Event(ChargerEventType.LinkUp);
        Event(ChargerEventType.ChargePaused);
        _station.Vehicle.Resume();
        Event(ChargerEventType.ChargeStarted);

        Assert.Equal(2, _seen.Count(e => e.Type == ChargerEventType.ChargeStarted)); // the first and the resume, not a replay
        Assert.Single(_seen, e => e.Type == ChargerEventType.ChargePaused);
        AssertNoGapOrRepeat();
        Assert.Equal(1, _charger.Link.Current.Reconnects);

        // Only the killed port actor was restarted, through the link's backoff supervisor; its siblings kept running.
        var charger = SupervisionTree.Inspect(Sys).Find($"/user/{ChargersSupervisor.Name}/cp-1");
        Assert.NotNull(charger);
        var link = Assert.Single(charger.Children, c => c.Path.Name == ChargerSupervisor.LinkName);
        Assert.Equal(1, link.Backoff!.Attempts);
        Assert.Equal(nameof(ActorKilledException), link.Backoff.LastChildFailure!.Type);
        var serialNode = Assert.Single(link.Children);
        Assert.Equal((1, nameof(ActorKilledException)), (serialNode.Restarts, serialNode.LastFailure!.Type));
        Assert.All(charger.DescendantsAndSelf().Where(n => n != link && n != serialNode), n => Assert.Equal(0, n.Restarts));
    }

    [Fact]
    public void A_subscriber_blocked_on_every_event_delays_no_command_and_no_other_subscriber()
    {
        Start(slowSubscriber: true);
        ChargeUntilCharging(); // commands and events flow while "slow" holds its first event
        Command<CommandResult.Confirmed>(new StopCharging());
        Event(ChargerEventType.ChargeStopped);
        Assert.False(_slowGate.IsSet);

        var slow = _charger.Subscribers.Snapshot().Single(s => s.Name == "slow");
        Assert.Equal((0L, SubscriberState.Active), (slow.Delivered, slow.State));
        Assert.True(slow.Dropped > 0, "its own mailbox overflowed");
        Assert.Equal(0, _charger.Subscribers.Snapshot().Single(s => s.Name == "events").Dropped);
        _slowGate.Set();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _slowGate.Set(); // let a blocked subscriber go, so the system can stop
        try
        {
            base.Dispose(disposing); // the actor system first: it closes the port before the device goes
        }
        finally
        {
            if (disposing)
            {
                _station.Dispose();
                _slowGate.Dispose();
            }
        }
    }

    /// <summary>Blocks its thread on every event until the gate opens (the 10 s of the acceptance, at most).</summary>
    private sealed class BlockingEverySink(ManualResetEventSlim gate) : IEventSink
    {
        public Task EmitAsync(ChargerEvent evt, CancellationToken cancellationToken)
        {
            gate.Wait(TimeSpan.FromSeconds(10));
            return Task.CompletedTask;
        }
    }
}
