using Akka.Actor;
using Akka.Persistence;
using Charger.Actors.Charging;
using Charger.Actors.Sessions;
using Charger.Tests.TestKit;

namespace Charger.Tests.Sessions;

/// <summary>
/// The session actor on Akka's in-memory journal and snapshot store: each lifecycle case, recovery and
/// reconciliation, snapshots, and the write-ahead of a start. The store's faults are in <see cref="StoreFaults"/>.
/// </summary>
public sealed partial class SessionActorTests() : SessionActorHarness(JournalReader.InMemoryConfig)
{
    [Fact]
    public void A_full_charge_is_one_completed_session_with_the_user_of_the_accepted_start()
    {
        var actor = Start(state: 3);
        Send(actor, ChargerEventType.ChargeAuthorized, userId: "driver-7");
        Transition(actor, 3, 4);
        Assert.Null(Open(actor).Session);
        Transition(actor, 4, 5);
        Assert.Equal("driver-7", Open(actor).Session?.UserId);
        Transition(actor, 5, 7);

        Assert.Null(Open(actor).Session);
        var session = Assert.Single(Sessions(actor));
        Assert.Equal((SessionStatus.Completed, "driver-7", 5, 7), (session.Status, session.UserId, session.StartState, session.EndState));
        Assert.Equal([ChargerEventType.ChargeStarted, ChargerEventType.ChargeStopped], session.Events.Select(e => e.Type));
        Assert.Null(session.EnergyKwh);
    }

    [Theory]
    [InlineData(3)] // sampled over Ready
    [InlineData(1)] // leftover authorization: straight from Idle
    public void A_sampled_jump_into_charging_opens_a_session(int from)
    {
        var actor = Start(state: from);
        Transition(actor, from, 5);

        Assert.Equal((from, 5), (Assert.Single(Sessions(actor)).Events[0].FromState, Open(actor).Session!.StartState));
    }

    [Fact]
    public void Pause_and_resume_stay_in_one_session()
    {
        var actor = Start(state: 4);
        Transition(actor, 4, 5);
        Transition(actor, 5, 6);
        Transition(actor, 6, 5);
        Transition(actor, 5, 6);
        Transition(actor, 6, 5);
        Transition(actor, 5, 7);

        var session = Assert.Single(Sessions(actor));
        Assert.Equal(SessionStatus.Completed, session.Status);
        Assert.Equal(6, session.Events.Count);
    }

    [Fact]
    public void A_fault_during_the_session_ends_it_faulted()
    {
        var actor = Start(state: 4);
        Transition(actor, 4, 5);
        Transition(actor, 5, 8);
        Transition(actor, 8, 0);
        Transition(actor, 0, 1);

        var session = Assert.Single(Sessions(actor));
        Assert.Equal((SessionStatus.Faulted, 8), (session.Status, session.EndState));
        Assert.Null(Open(actor).Session);
    }

    [Fact]
    public void Going_back_to_ev_connected_from_ready_without_a_stop_cancels_the_session()
    {
        var actor = Start(state: 4);
        Transition(actor, 4, 5);
        Transition(actor, 5, 6);
        Transition(actor, 6, 4);
        Transition(actor, 4, 3);

        Assert.Equal((SessionStatus.Cancelled, 3), (Assert.Single(Sessions(actor)).Status, Sessions(actor)[0].EndState));
    }

    [Fact]
    public void Going_back_to_ev_connected_from_paused_completes_the_session_whose_stop_was_missed()
    {
        var actor = Start(state: 4);
        Transition(actor, 4, 5);
        Transition(actor, 5, 6);
        Transition(actor, 6, 3);

        Assert.Equal((SessionStatus.Completed, 3), (Assert.Single(Sessions(actor)).Status, Sessions(actor)[0].EndState));
    }

    [Fact]
    public void A_link_outage_is_a_degraded_period_and_the_session_goes_on()
    {
        var actor = Start(state: 4);
        Transition(actor, 4, 5);
        Time.Advance(TimeSpan.FromSeconds(5));
        Send(actor, ChargerEventType.LinkDown);
        Assert.True(Open(actor).Session!.IsLinkDegraded);
        Time.Advance(TimeSpan.FromSeconds(30));
        Send(actor, ChargerEventType.LinkUp);
        Transition(actor, 5, 7);

        var session = Assert.Single(Sessions(actor));
        Assert.Equal(SessionStatus.Completed, session.Status);
        var period = Assert.Single(session.LinkDegraded);
        Assert.Equal(TimeSpan.FromSeconds(30), period.Until - period.From);
    }

    [Fact]
    public void The_pending_user_is_forgotten_when_the_charger_returns_to_idle()
    {
        var actor = Start(state: 3);
        Send(actor, ChargerEventType.ChargeAuthorized, userId: "driver-7");
        Transition(actor, 3, 1);
        Transition(actor, 1, 3);
        Transition(actor, 3, 5);

        Assert.Null(Assert.Single(Sessions(actor)).UserId);
    }

    [Theory]
    [InlineData(4, 5)] // restarted while Ready: the charge begins afterwards
    [InlineData(5, null)] // the charge began while nothing ran: found charging
    public void The_pending_user_survives_a_restart_between_the_start_and_the_charge(int stateOnRestart, int? nextState)
    {
        var first = Start(state: 3);
        Send(first, ChargerEventType.ChargeAuthorized, userId: "driver-7");
        Transition(first, 3, 4);
        StopAndWait(first);

        var second = Sys.ActorOf(SessionProps());
        ReplyStatus(stateOnRestart, authorized: true);
        if (nextState is { } next) Transition(second, stateOnRestart, next);

        Assert.Equal(("driver-7", SessionStatus.Active), (Assert.Single(Sessions(second)).UserId, Sessions(second)[0].Status));
    }

    [Fact]
    public void A_start_accepted_while_a_recovered_session_is_open_ends_that_session_and_the_next_charge_is_a_new_one()
    {
        var first = Start(state: 3);
        Send(first, ChargerEventType.ChargeAuthorized, userId: "driver-1");
        Transition(first, 3, 5);
        StopAndWait(first);

        // Down while the charge ended and the next vehicle was authorized: the first fresh status is READY.
        var second = Sys.ActorOf(SessionProps());
        Send(second, ChargerEventType.ChargeAuthorized, userId: "driver-2"); // before the status: waits for it
        ReplyStatus(4, authorized: true);
        Transition(second, 4, 5);

        Assert.Equal([("driver-1", SessionStatus.Completed), ("driver-2", SessionStatus.Active)], Sessions(second).Select(s => (s.UserId, s.Status)));
        Assert.Equal("ended unseen: a new start was accepted in EV_CONNECTED", Sessions(second)[0].EndReason);
    }

    [Fact]
    public void A_start_journaled_while_a_session_was_open_still_ends_it_after_another_restart()
    {
        var first = Start(state: 3);
        Send(first, ChargerEventType.ChargeAuthorized, userId: "driver-1");
        Transition(first, 3, 5);
        StopAndWait(first);

        var second = Sys.ActorOf(SessionProps()); // accepts the next start, then dies before reconciling
        Send(second, ChargerEventType.ChargeAuthorized, userId: "driver-2");
        StopAndWait(second);
        Tracker.ExpectMsg<StateTrackerActor.GetStatus>(); // the question it never saw answered

        var third = Sys.ActorOf(SessionProps());
        ReplyStatus(5, authorized: true); // the new charge is under way

        Assert.Equal([("driver-1", SessionStatus.Completed), ("driver-2", SessionStatus.Active)], Sessions(third).Select(s => (s.UserId, s.Status)));
    }

    // Found by CrashRecoveryTests (seed 665942854): a restart reconciled the open session as ended (state 3), a start for
    // the next vehicle was recorded, and the kill came before the reconciliation's close reached the journal. The next
    // restart found the charger charging and took the new charge for the old session.
    [Fact]
    public void A_start_recorded_while_a_recovered_session_was_open_ends_that_session_after_another_restart()
    {
        var first = Start(state: 3);
        Send(first, ChargerEventType.ChargeAuthorized, userId: "driver-1");
        Transition(first, 3, 5);
        StopAndWait(first);

        var second = Sys.ActorOf(SessionProps()); // records the next start, then dies before its reconciliation is journaled
        RecordStart(second, "driver-2");
        StopAndWait(second);
        Tracker.ExpectMsg<StateTrackerActor.GetStatus>(); // the question it never saw answered

        var third = Sys.ActorOf(SessionProps());
        ReplyStatus(5, authorized: true); // AUTH had reached the firmware: the new charge is under way

        Assert.Equal([("driver-1", SessionStatus.Completed), ("driver-2", SessionStatus.Active)], Sessions(third).Select(s => (s.UserId, s.Status)));
    }

    [Fact]
    public void A_pending_user_lapses_when_the_restarted_runtime_finds_the_charger_unauthorized()
    {
        var first = Start(state: 3);
        Send(first, ChargerEventType.ChargeAuthorized, userId: "driver-7");
        StopAndWait(first);

        var second = Sys.ActorOf(SessionProps(snapshotEvery: 1)); // the lapse is in the snapshot too
        ReplyStatus(1, authorized: false);
        Transition(second, 1, 3);
        Transition(second, 3, 5); // a leftover-authorization start nobody asked for

        Assert.Null(Assert.Single(Sessions(second)).UserId);
        Assert.Contains(Journaled(), e => e is AuthorizationLapsed);
    }

    [Fact]
    public void A_second_charge_is_a_new_session_and_the_first_user_is_not_reused()
    {
        var actor = Start(state: 3);
        Send(actor, ChargerEventType.ChargeAuthorized, userId: "driver-7");
        Transition(actor, 3, 5);
        Transition(actor, 5, 7);
        Transition(actor, 7, 1);
        Transition(actor, 1, 3);
        Send(actor, ChargerEventType.ChargeAuthorized, userId: "driver-8");
        Transition(actor, 3, 5);

        Assert.Equal([("s-1", "driver-7", SessionStatus.Completed), ("s-2", "driver-8", SessionStatus.Active)],
            Sessions(actor).Select(s => (s.SessionId, s.UserId, s.Status)));
    }

    [Fact]
    public void A_recovered_session_that_is_still_charging_goes_on_and_completes_later()
    {
        var first = Start(state: 3);
        Send(first, ChargerEventType.ChargeAuthorized, userId: "driver-7");
        Transition(first, 3, 5);
        Assert.NotNull(Open(first).Session);
        StopAndWait(first);

        var second = Sys.ActorOf(SessionProps());
        Assert.False(Open(second).Reconciled);
        ReplyStatus(5);
        var open = Open(second);
        Assert.True(open.Reconciled);
        Assert.Equal(("s-1", "driver-7"), (open.Session!.SessionId, open.Session.UserId));
        Transition(second, 5, 7);

        var session = Assert.Single(Sessions(second));
        Assert.Equal((SessionStatus.Completed, "driver-7"), (session.Status, session.UserId));
    }

    [Theory]
    [InlineData(7, SessionStatus.Completed)] // stopped while we were away
    [InlineData(1, SessionStatus.Completed)] // the vehicle left after charging
    [InlineData(8, SessionStatus.Faulted)]
    [InlineData(3, SessionStatus.Completed)] // it charged, and ended while nobody watched
    public void A_recovered_session_is_closed_by_a_fresh_status_that_ended_it(int state, SessionStatus expected)
    {
        var first = Start(state: 4);
        Transition(first, 4, 5);
        StopAndWait(first);

        var second = Sys.ActorOf(SessionProps());
        ReplyStatus(state);

        Assert.Null(Open(second).Session);
        var session = Assert.Single(Sessions(second));
        Assert.Equal((expected, state), (session.Status, session.EndState));
        Assert.Equal("reconciled with the first fresh status", session.Events[^1].Message);
    }

    [Fact]
    public void Reconciliation_waits_for_a_fresh_status_with_the_link_up_and_asks_again()
    {
        var first = Start(state: 4);
        Transition(first, 4, 5);
        StopAndWait(first);

        var second = Sys.ActorOf(SessionProps());
        ReplyStatus(7, linkUp: false);
        Assert.False(Open(second).Reconciled);
        Time.Advance(TimeSpan.FromSeconds(1));
        ReplyStatus(7, freshness: StatusFreshness.Stale);
        Assert.False(Open(second).Reconciled);
        Time.Advance(TimeSpan.FromSeconds(1));
        ReplyStatus(7);

        Assert.True(Open(second).Reconciled);
        Assert.Equal(SessionStatus.Completed, Assert.Single(Sessions(second)).Status);
        Time.Advance(TimeSpan.FromSeconds(5));
        Tracker.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_charge_that_started_while_nothing_journaled_it_opens_a_session_on_reconciliation()
    {
        var actor = Start(state: 5);

        var session = Assert.Single(Sessions(actor));
        Assert.Equal((SessionStatus.Active, 5), (session.Status, session.StartState));
        Assert.Equal("found charging on reconciliation after a restart", session.Events[0].Message);
        Assert.NotNull(Open(actor).Session);
    }

    [Fact]
    public void A_state_event_already_reflected_by_the_reconciled_status_is_not_applied_twice()
    {
        var first = Start(state: 4);
        Transition(first, 4, 5);
        StopAndWait(first);

        var second = Sys.ActorOf(SessionProps());
        Sequence++; // the tracker published 5 -> 6 before replying, but the event comes after the reply
        ReplyStatus(6);
        Probe.Send(second, new ChargerEvent(Charger, Sequence, ChargerEventType.ChargePaused, Time.GetUtcNow(), 5, 6));
        Transition(second, 6, 7);

        var session = Assert.Single(Sessions(second));
        Assert.Equal([ChargerEventType.ChargeStarted, ChargerEventType.ChargePaused, ChargerEventType.ChargeStopped],
            session.Events.Select(e => e.Type));
    }

    [Fact]
    public void Snapshots_bound_the_replay_and_recovery_from_a_snapshot_restores_the_open_session()
    {
        var first = Start(state: 4, snapshotEvery: 3);
        Transition(first, 4, 5); // opened + recorded: 2 events
        Time.Advance(TimeSpan.FromSeconds(1));
        Send(first, ChargerEventType.LinkDown); // 3: snapshot
        AwaitAssert(() => Assert.Equal(3, LatestSnapshot()?.Metadata.SequenceNr));
        Send(first, ChargerEventType.LinkUp); // 4
        Transition(first, 5, 6); // 5
        StopAndWait(first);
        // Only the snapshot and the events after it are needed: without the older events recovery is the same.
        Probe.Send(JournalActor, new DeleteMessagesTo(PersistenceId, 3, Probe.Ref));
        Assert.Equal(3, Probe.ExpectMsg<DeleteMessagesSuccess>().ToSequenceNr);
        Assert.IsType<SessionLinkRestored>(Journaled()[0]); // #4 is the oldest event left

        var second = Sys.ActorOf(SessionProps(snapshotEvery: 3));
        ReplyStatus(6);
        var open = Open(second).Session!;
        Assert.Equal(("s-1", 6), (open.SessionId, open.LastState));
        Assert.Equal(2, open.Events.Count); // started, paused; the link period is not an event
        Assert.NotNull(Assert.Single(open.LinkDegraded).Until);
        Transition(second, 6, 7); // 6: a snapshot again, and the older one is deleted
        AwaitAssert(() => Assert.Equal(6, LatestSnapshot()?.Metadata.SequenceNr));
        AwaitAssert(() => Assert.Null(LatestSnapshot(upTo: 5)));
    }

    [Fact]
    public void A_start_request_is_journaled_before_it_is_answered()
    {
        var actor = Start(state: 3);
        Probe.Send(actor, new CommandActor.RecordStart(41, "driver-7", Time.GetUtcNow()));

        Assert.Equal(41, Probe.ExpectMsg<CommandActor.StartRecorded>().RequestId);
        Open(actor);
        var requested = Assert.IsType<StartRequested>(Assert.Single(Journaled()));
        Assert.Equal(("driver-7", Time.GetUtcNow()), (requested.UserId, requested.At));
    }

    [Fact]
    public void A_start_request_is_journaled_and_answered_before_the_first_fresh_status_too()
    {
        var actor = Sys.ActorOf(SessionProps());
        Probe.Send(actor, new CommandActor.RecordStart(1, "driver-7", Time.GetUtcNow()));

        Assert.Equal(1, Probe.ExpectMsg<CommandActor.StartRecorded>().RequestId);
        Assert.False(Open(actor).Reconciled);
        Assert.IsType<StartRequested>(Assert.Single(Journaled()));
    }

    [Fact]
    public void After_a_crash_between_the_recorded_start_and_the_charge_the_session_found_charging_carries_the_requested_user()
    {
        var first = Start(state: 3);
        RecordStart(first, "driver-7");
        StopAndWait(first); // the crash: AUTH was written, the firmware's ACK and the charge came while nothing ran

        var second = Sys.ActorOf(SessionProps());
        ReplyStatus(5, authorized: true);

        var session = Assert.Single(Sessions(second));
        Assert.Equal(("driver-7", SessionStatus.Active, 5), (session.UserId, session.Status, session.StartState));
    }

    [Fact]
    public void After_a_crash_a_recorded_start_the_charger_does_not_show_lapses_and_the_next_charge_has_no_user()
    {
        var first = Start(state: 3);
        RecordStart(first, "driver-7");
        StopAndWait(first); // the crash came before AUTH reached the firmware

        var second = Sys.ActorOf(SessionProps());
        ReplyStatus(3, authorized: false);
        Transition(second, 3, 5); // a charge nobody asked for (a later start, or a leftover authorization)

        Assert.Null(Assert.Single(Sessions(second)).UserId);
        Assert.Equal([typeof(StartRequested), typeof(AuthorizationLapsed), typeof(SessionOpened)], Journaled().Take(3).Select(e => e.GetType()));
    }

    [Fact]
    public void After_a_crash_a_recorded_start_the_charger_shows_authorized_stays_for_the_charge_that_follows()
    {
        var first = Start(state: 3);
        RecordStart(first, "driver-7");
        StopAndWait(first);

        var second = Sys.ActorOf(SessionProps());
        ReplyStatus(3, authorized: true); // accepted, the EV has not asked for current yet
        Transition(second, 3, 5);

        Assert.Equal("driver-7", Assert.Single(Sessions(second)).UserId);
        Assert.DoesNotContain(Journaled(), e => e is AuthorizationLapsed);
    }

    [Fact]
    public void A_start_the_firmware_refused_lapses_and_does_not_follow_the_next_charge()
    {
        var actor = Start(state: 3);
        RecordStart(actor, "driver-7");
        Probe.Send(actor, new CommandActor.StartRefused("the charge controller answered AUTH with FAIL", Time.GetUtcNow()));
        Transition(actor, 3, 5); // a charge nobody asked for

        Assert.Null(Assert.Single(Sessions(actor)).UserId);
        var lapsed = Assert.Single(Journaled().OfType<AuthorizationLapsed>());
        Assert.Contains("AUTH with FAIL", lapsed.Reason);
    }

    [Fact]
    public void A_refusal_with_no_start_waiting_journals_nothing()
    {
        var actor = Start(state: 3);
        Probe.Send(actor, new CommandActor.StartRefused("the charge controller answered AUTH with FAIL", Time.GetUtcNow()));

        Open(actor);
        Assert.Empty(Journaled());
    }

    private void RecordStart(IActorRef actor, string userId)
    {
        Probe.Send(actor, new CommandActor.RecordStart(1, userId, Time.GetUtcNow()));
        Probe.ExpectMsg<CommandActor.StartRecorded>();
    }

    /// <summary>The newest snapshot of the charger's sessions (up to <paramref name="upTo"/>), as the snapshot store answers.</summary>
    private SelectedSnapshot? LatestSnapshot(long upTo = long.MaxValue)
    {
        var asker = CreateProbe();
        asker.Send(SnapshotStoreActor, new LoadSnapshot(PersistenceId, new SnapshotSelectionCriteria(upTo), upTo));
        return asker.ExpectMsg<LoadSnapshotResult>().Snapshot;
    }
}
