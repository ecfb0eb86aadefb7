using Charger.Actors.Charging;
using Charger.Actors.Sessions;

namespace Charger.Tests.Sessions;

public sealed class SessionLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private long _sequence;
    private int _ids;

    private ChargerEvent Event(ChargerEventType type, int? from = null, int? to = null, string? message = null) =>
        new("cp-1", ++_sequence, type, T0.AddSeconds(_sequence), from, to, Message: message);

    private string NewId() => $"s-{++_ids}";

    /// <summary>Runs events through the rules like the session actor does, returning every session it made.</summary>
    private List<ChargingSession> Run(params ChargerEvent[] events)
    {
        var sessions = new List<ChargingSession>();
        ChargingSession? open = null;
        foreach (var evt in events)
        {
            foreach (var e in SessionLifecycle.Decide(open, evt, "driver-7", NewId))
            {
                if (e is SessionOpened opened)
                {
                    open = ChargingSession.Open(opened);
                    sessions.Add(open);
                }
                else
                {
                    open = open!.Apply(e);
                    sessions[^1] = open;
                }
            }
            if (open is { IsOpen: false }) open = null;
        }
        return sessions;
    }

    [Theory]
    [InlineData(4)] // the whole plug-in seen
    [InlineData(3)] // sampled over Ready
    [InlineData(1)] // leftover authorization: straight from Idle
    public void A_charge_start_opens_a_session_with_the_pending_user(int from)
    {
        var session = Assert.Single(Run(Event(ChargerEventType.ChargeStarted, from, 5)));

        Assert.Equal(SessionStatus.Active, session.Status);
        Assert.Equal("driver-7", session.UserId);
        Assert.Equal(5, session.StartState);
        Assert.Null(session.EnergyKwh);
        Assert.Equal([ChargerEventType.ChargeStarted], session.Events.Select(e => e.Type));
    }

    [Fact]
    public void Events_before_a_charge_starts_open_nothing() =>
        Assert.Empty(Run(
            Event(ChargerEventType.CableConnected, 1, 2),
            Event(ChargerEventType.EvConnected, 2, 3),
            Event(ChargerEventType.ChargeReady, 3, 4),
            Event(ChargerEventType.FaultDetected, 4, 8),
            Event(ChargerEventType.LinkDown)));

    [Fact]
    public void A_full_charge_is_one_completed_session()
    {
        var session = Assert.Single(Run(
            Event(ChargerEventType.ChargeStarted, 4, 5),
            Event(ChargerEventType.ChargeStopped, 5, 7),
            Event(ChargerEventType.CableDisconnected, 7, 1)));

        Assert.Equal(SessionStatus.Completed, session.Status);
        Assert.Equal(7, session.EndState);
        Assert.Equal(T0.AddSeconds(2), session.EndedAt);
        Assert.Equal([ChargerEventType.ChargeStarted, ChargerEventType.ChargeStopped], session.Events.Select(e => e.Type));
    }

    [Fact]
    public void Pause_and_resume_stay_in_the_same_session()
    {
        var session = Assert.Single(Run(
            Event(ChargerEventType.ChargeStarted, 4, 5),
            Event(ChargerEventType.ChargePaused, 5, 6),
            Event(ChargerEventType.StateChanged, 6, 4), // the firmware resumes through Ready
            Event(ChargerEventType.ChargeStarted, 4, 5),
            Event(ChargerEventType.ChargePaused, 5, 6),
            Event(ChargerEventType.ChargeStarted, 6, 5), // sampled over Ready
            Event(ChargerEventType.ChargeStopped, 5, 7)));

        Assert.Equal(SessionStatus.Completed, session.Status);
        Assert.Equal(7, session.Events.Count);
    }

    [Fact]
    public void The_vehicle_leaving_straight_after_charging_completes_the_session()
    {
        var session = Assert.Single(Run(Event(ChargerEventType.ChargeStarted, 4, 5), Event(ChargerEventType.ChargeStopped, 5, 1)));

        Assert.Equal(SessionStatus.Completed, session.Status);
        Assert.Equal(1, session.EndState);
    }

    [Theory]
    [InlineData(5, 8)]
    [InlineData(6, 8)]
    public void A_fault_during_the_session_ends_it_faulted(int from, int to)
    {
        var sessions = Run(
            Event(ChargerEventType.ChargeStarted, 4, 5),
            Event(ChargerEventType.ChargePaused, 5, 6),
            Event(ChargerEventType.ChargeStarted, 6, 5),
            Event(from == 6 ? ChargerEventType.ChargePaused : ChargerEventType.StatusStale, 5, from == 6 ? 6 : null),
            Event(ChargerEventType.FaultDetected, from, to),
            Event(ChargerEventType.StateChanged, 8, 0),
            Event(ChargerEventType.FaultCleared, 0, 1));

        var session = Assert.Single(sessions);
        Assert.Equal(SessionStatus.Faulted, session.Status);
        Assert.Equal(8, session.EndState);
        Assert.Equal(ChargerEventType.FaultDetected, session.Events[^1].Type);
    }

    [Theory]
    [InlineData(4, 1)] // forced to Idle (command 2) after the resume went through Ready
    [InlineData(4, 3)]
    public void Going_back_from_ready_without_a_stop_cancels_the_session(int from, int to)
    {
        var session = Assert.Single(Run(
            Event(ChargerEventType.ChargeStarted, 4, 5),
            Event(ChargerEventType.ChargePaused, 5, 6),
            Event(ChargerEventType.StateChanged, 6, 4),
            Event(ChargerEventType.StateChanged, from, to)));

        Assert.Equal(SessionStatus.Cancelled, session.Status);
        Assert.Equal(to, session.EndState);
    }

    [Theory]
    [InlineData(6, 3)] // the poll missed 6->7->1->2->3: the firmware leaves Paused only through Stopped (or Ready, or a fault)
    [InlineData(5, 2)]
    public void Going_back_from_charging_or_paused_completes_the_session_whose_stop_was_not_seen(int from, int to)
    {
        var session = Assert.Single(Run(
            Event(ChargerEventType.ChargeStarted, 4, 5),
            Event(ChargerEventType.ChargePaused, 5, 6),
            Event(ChargerEventType.ChargeStarted, 6, 5),
            Event(ChargerEventType.StateChanged, from, to)));

        Assert.Equal(SessionStatus.Completed, session.Status);
        Assert.Equal(to, session.EndState);
        Assert.Contains("ended unseen", session.EndReason);
    }

    [Fact]
    public void A_link_outage_is_a_degraded_period_not_an_end()
    {
        var session = Assert.Single(Run(
            Event(ChargerEventType.ChargeStarted, 4, 5),
            Event(ChargerEventType.LinkDown, message: "device disappeared"),
            Event(ChargerEventType.LinkUp),
            Event(ChargerEventType.LinkDown, message: "silent"),
            Event(ChargerEventType.LinkUp),
            Event(ChargerEventType.ChargeStopped, 5, 7)));

        Assert.Equal(SessionStatus.Completed, session.Status);
        Assert.Equal(2, session.LinkDegraded.Count);
        Assert.Equal(new LinkDegradedPeriod(T0.AddSeconds(2), T0.AddSeconds(3), "device disappeared"), session.LinkDegraded[0]);
        Assert.All(session.LinkDegraded, p => Assert.NotNull(p.Until));
    }

    [Fact]
    public void A_second_charge_after_the_first_ended_is_a_new_session()
    {
        var sessions = Run(
            Event(ChargerEventType.ChargeStarted, 4, 5),
            Event(ChargerEventType.ChargeStopped, 5, 7),
            Event(ChargerEventType.CableDisconnected, 7, 1),
            Event(ChargerEventType.ChargeStarted, 3, 5));

        Assert.Equal(2, sessions.Count);
        Assert.Equal(["s-1", "s-2"], sessions.Select(s => s.SessionId));
        Assert.Equal([SessionStatus.Completed, SessionStatus.Active], sessions.Select(s => s.Status));
    }

    [Theory]
    [InlineData(5, SessionStatus.Active, 0)]      // still charging: continue
    [InlineData(6, SessionStatus.Active, 1)]      // paused meanwhile: recorded, continue
    [InlineData(7, SessionStatus.Completed, 1)]   // stopped while we were away
    [InlineData(1, SessionStatus.Completed, 1)]   // the vehicle left after charging
    [InlineData(8, SessionStatus.Faulted, 1)]
    [InlineData(3, SessionStatus.Completed, 1)]   // it charged, and ended while nobody watched
    [InlineData(2, SessionStatus.Completed, 1)]
    public void A_recovered_session_is_reconciled_with_the_first_fresh_status(int state, SessionStatus expected, int recorded)
    {
        var open = Assert.Single(Run(Event(ChargerEventType.ChargeStarted, 4, 5)));
        var status = new ChargerStatus { StateCode = state, ReceivedAt = T0.AddMinutes(5) };

        var events = SessionLifecycle.Reconcile(open, status, chargerSequence: 1);
        var after = events.Aggregate(open, (s, e) => s.Apply(e));

        Assert.Equal(expected, after.Status);
        Assert.Equal(recorded, after.Events.Count - open.Events.Count);
        if (expected != SessionStatus.Active) Assert.Equal(T0.AddMinutes(5), after.EndedAt);
    }

    [Fact]
    public void An_event_of_another_session_is_refused()
    {
        var open = Assert.Single(Run(Event(ChargerEventType.ChargeStarted, 4, 5)));

        Assert.Throws<ArgumentException>(() => open.Apply(new SessionLinkRestored("other", T0)));
    }
}
