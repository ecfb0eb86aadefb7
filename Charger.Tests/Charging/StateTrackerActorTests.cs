using Akka.Actor;
using Akka.TestKit;
using Charger.Actors.Charging;
using Charger.Actors.Protocol;
using Charger.Tests.Protocol;
using Charger.Actors.Serial;
using Charger.Tests.TestKit;

namespace Charger.Tests.Charging;

public sealed class StateTrackerActorTests : ActorTestBase
{
    private readonly TestProbe _events;
    private readonly ChargerEventSequence _sequence = new();
    private readonly StatusMonitor _monitor;
    private readonly IActorRef _tracker;

    public StateTrackerActorTests()
    {
        _events = CreateProbe("events");
        _monitor = new StatusMonitor(new StateTrackerOptions().StaleAfter, Time);
        _tracker = StartTracker();
    }

    private IActorRef StartTracker(string? name = null) =>
        Sys.ActorOf(Props.Create(() => new StateTrackerActor("cp-1", new[] { _events.Ref }, _sequence, new StateTrackerOptions(), _monitor)), name);

    private StateTrackerActor.CurrentStatus Current() =>
        _tracker.Ask<StateTrackerActor.CurrentStatus>(StateTrackerActor.GetStatus.Instance, TimeSpan.FromSeconds(3)).Result;

    private static Esp32Frame Frame(string line) => Assert.Single(Wire.Decode(line));

    private void Stat(int state, int auth = 0, int pp = 1, IActorRef? tracker = null) =>
        (tracker ?? _tracker).Tell(new SerialPortActor.FrameReceived(
            Frame($"<STAT;CP=1;CPV=2885;PP={pp};PPV=910;RL=0;LOCK=0;MOTOR=0;PWM=66;MAX=16;CABLE={(pp == 1 ? 32 : 0)};AUTH={auth};STATE={state};PB=0;STOP=0;>"),
            Time.GetUtcNow()));

    private void Link(bool up, string? error = null) =>
        _tracker.Tell(new SerialPortActor.LinkChanged(new LinkState(up, Time.GetUtcNow(), "/dev/ttyUSB0", up ? 0 : 1, error, 0)));

    private ChargerEvent Expect(ChargerEventType type) =>
        _events.ExpectMsg<ChargerEvent>(e => e.Type == type, hint: type.ToString());

    [Fact]
    public void A_full_charge_cycle_yields_exactly_the_expected_events_in_order()
    {
        Link(up: true);
        foreach (var state in new[] { 1, 2, 3, 4, 5, 6, 5, 7, 1 }) Stat(state);
        var events = _events.ReceiveN(9).Select(m => Assert.IsType<ChargerEvent>(m)).ToList();
        Assert.Equal(
            [
                ChargerEventType.LinkUp, ChargerEventType.CableConnected, ChargerEventType.EvConnected, ChargerEventType.ChargeReady,
                ChargerEventType.ChargeStarted, ChargerEventType.ChargePaused, ChargerEventType.ChargeStarted,
                ChargerEventType.ChargeStopped, ChargerEventType.CableDisconnected,
            ],
            events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.All(events, e => Assert.Equal("cp-1", e.ChargerId));
        var started = events[4];
        Assert.Equal((4, 5), (started.FromState, started.ToState));
        Assert.Equal(ChargerState.Charging, started.Status!.State);
        _events.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void The_first_status_and_repeated_states_produce_no_event()
    {
        Stat(3);
        Stat(3);
        Stat(3);
        _events.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void After_a_link_outage_the_first_fresh_status_resynchronises_without_loss_or_repeat()
    {
        Link(up: true);
        Expect(ChargerEventType.LinkUp);
        Stat(3);
        Stat(5);
        Expect(ChargerEventType.ChargeStarted);

        Link(up: false, "hang-up");
        Assert.Equal("hang-up", Expect(ChargerEventType.LinkDown).Message);
        Link(up: true);
        Expect(ChargerEventType.LinkUp);
        Stat(5); // still charging: nothing happened that was not reported
        _events.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Link(up: false);
        Expect(ChargerEventType.LinkDown);
        Link(up: true);
        Expect(ChargerEventType.LinkUp);
        Stat(1); // it ended while we could not see: reported once, as 5 -> 1
        var stopped = Expect(ChargerEventType.ChargeStopped);
        Assert.Equal((5, 1), (stopped.FromState, stopped.ToState));
        _events.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Freshness_is_fresh_then_stale_after_stale_after_and_unknown_while_the_link_is_down()
    {
        Link(up: true);
        Expect(ChargerEventType.LinkUp);
        var before = await _tracker.Ask<StateTrackerActor.CurrentStatus>(StateTrackerActor.GetStatus.Instance, TimeSpan.FromSeconds(3));
        Assert.Null(before.Status);
        Assert.Equal(StatusFreshness.Unknown, before.Freshness);

        Stat(1);
        var fresh = await _tracker.Ask<StateTrackerActor.CurrentStatus>(StateTrackerActor.GetStatus.Instance, TimeSpan.FromSeconds(3));
        Assert.Equal(StatusFreshness.Fresh, fresh.Freshness);

        Time.Advance(TimeSpan.FromSeconds(10));
        _events.ExpectNoMsg(TimeSpan.FromMilliseconds(50)); // exactly 10 s old is still fresh
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var stale = Expect(ChargerEventType.StatusStale);
        Assert.Contains("10.0 s", stale.Message);
        Time.Advance(TimeSpan.FromSeconds(30));
        _events.ExpectNoMsg(TimeSpan.FromMilliseconds(50)); // reported once
        Assert.Equal(StatusFreshness.Stale,
            (await _tracker.Ask<StateTrackerActor.CurrentStatus>(StateTrackerActor.GetStatus.Instance, TimeSpan.FromSeconds(3))).Freshness);

        Link(up: false);
        Expect(ChargerEventType.LinkDown);
        Assert.Equal(StatusFreshness.Unknown,
            (await _tracker.Ask<StateTrackerActor.CurrentStatus>(StateTrackerActor.GetStatus.Instance, TimeSpan.FromSeconds(3))).Freshness);
    }

    [Fact]
    public void After_a_reconnect_the_status_from_before_the_outage_is_unknown_until_a_new_one_arrives()
    {
        Link(up: true);
        Expect(ChargerEventType.LinkUp);
        Stat(5);
        Assert.Equal(StatusFreshness.Fresh, Current().Freshness);
        Assert.Equal(StatusFreshness.Fresh, _monitor.Freshness);

        // A one-second outage: the status is two seconds old, well within stale-after.
        Time.Advance(TimeSpan.FromSeconds(1));
        Link(up: false, "hang-up");
        Expect(ChargerEventType.LinkDown);
        Time.Advance(TimeSpan.FromSeconds(1));
        Link(up: true);
        Expect(ChargerEventType.LinkUp);

        var current = Current();
        Assert.Equal(StatusFreshness.Unknown, current.Freshness);
        Assert.Equal(5, current.Status!.StateCode); // kept, to compare the next status with
        Assert.Equal(StatusFreshness.Unknown, _monitor.Freshness);
        Assert.Equal(5, _monitor.Last!.StateCode);

        Stat(5);
        Assert.Equal(StatusFreshness.Fresh, Current().Freshness);
        Assert.Equal(StatusFreshness.Fresh, _monitor.Freshness);
    }

    [Fact]
    public void The_monitor_goes_stale_on_the_clock_and_a_new_tracker_starts_it_from_nothing()
    {
        Link(up: true);
        Expect(ChargerEventType.LinkUp);
        Assert.Equal(StatusFreshness.Unknown, _monitor.Freshness);
        Stat(1);
        Assert.Equal(StatusFreshness.Fresh, Current().Freshness); // the tracker has handled it
        Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(StatusFreshness.Fresh, _monitor.Freshness);
        Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(StatusFreshness.Stale, _monitor.Freshness); // read from the clock, no actor involved

        _events.Watch(_tracker);
        Sys.Stop(_tracker);
        _events.FishForMessage<Terminated>(t => t.ActorRef.Equals(_tracker));
        var second = StartTracker("second");
        AwaitAssert(() => Assert.Null(_monitor.Last));
        Assert.Equal(StatusFreshness.Unknown, _monitor.Freshness);
        Stat(1, tracker: second);
        AwaitAssert(() => Assert.Equal(StatusFreshness.Fresh, _monitor.Freshness));
    }

    [Fact]
    public void Firmware_info_warn_and_err_lines_become_events()
    {
        _tracker.Tell(new SerialPortActor.FrameReceived(Frame("<INFO;MSG=FINISHING_EXIT_STATION_CABLE_DISCONNECTED;>"), Time.GetUtcNow()));
        _tracker.Tell(new SerialPortActor.FrameReceived(Frame("<WARN;MSG=POWER_BOARD_FAULT;>"), Time.GetUtcNow()));
        _tracker.Tell(new SerialPortActor.FrameReceived(Frame("<ERR;INVALID_COMMA>"), Time.GetUtcNow()));
        Assert.Equal("FINISHING_EXIT_STATION_CABLE_DISCONNECTED", Expect(ChargerEventType.FirmwareInfo).Message);
        Assert.Equal("POWER_BOARD_FAULT", Expect(ChargerEventType.FirmwareWarning).Message);
        Assert.Equal("INVALID_COMMA", Expect(ChargerEventType.FirmwareError).Message);
    }

    [Fact]
    public void A_leftover_authorization_is_reported_once_until_it_clears()
    {
        Stat(1, auth: 1, pp: 0);
        Assert.Contains("without a new authorization", Expect(ChargerEventType.LeftoverAuthorization).Message);
        Stat(1, auth: 1, pp: 0);
        _events.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Stat(1, auth: 0, pp: 0);
        Stat(1, auth: 1, pp: 0);
        Expect(ChargerEventType.LeftoverAuthorization);
    }

    [Fact]
    public void A_new_tracker_goes_on_with_the_chargers_sequence()
    {
        Stat(1);
        Stat(2);
        Assert.Equal(1, Expect(ChargerEventType.CableConnected).Sequence);
        _events.Watch(_tracker);
        Sys.Stop(_tracker);
        _events.ExpectTerminated(_tracker);

        var second = StartTracker("second");
        Stat(2, tracker: second);
        Stat(3, tracker: second);
        Assert.Equal(2, Expect(ChargerEventType.EvConnected).Sequence);
    }
}
