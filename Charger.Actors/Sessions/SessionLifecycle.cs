using Charger.Actors.Charging;

namespace Charger.Actors.Sessions;

/// <summary>
/// The session rules, as pure functions from what happened to what to journal, so the
/// <c>SessionActor</c> only persists and the rules are tested without actors or disks.
/// <list type="bullet">
/// <item>CHARGE_STARTED opens a session (the tracker already names the sampled 3->5 and 1->5 so); while
/// one is open it is a resume and stays in it.</item>
/// <item>Link down and up are recorded as a degraded period; they never end a session, because the
/// firmware keeps charging without us.</item>
/// <item>A state event ends the session by the state it reaches: Stopped (7) is COMPLETED; a fault (8,
/// or 0 while it clears) is FAULTED. Idle, CableDetect or EvConnected reached from charging or paused
/// is COMPLETED too: the firmware leaves those only through STOPPED (or a fault), so the stop happened
/// unseen (a sampling gap, or while the runtime was down). Reached straight from Ready (4 -> 1/2/3, a
/// command forcing Idle) it is CANCELLED. On reconciliation after a restart any of the three is
/// COMPLETED: the session had charged and nobody saw how it ended. Ready, Charging and Paused keep it open.</item>
/// </list>
/// </summary>
public static class SessionLifecycle
{
    private static readonly ISessionEvent[] Nothing = [];

    /// <summary>What <paramref name="evt"/> does to the charger's sessions, given the open one (if any).</summary>
    /// <param name="pendingUserId">The user of the last accepted start request, given to a session that opens now.</param>
    public static IReadOnlyList<ISessionEvent> Decide(ChargingSession? open, ChargerEvent evt, string? pendingUserId, Func<string> newSessionId) =>
        Decide(open, evt, pendingUserId, newSessionId, unobserved: false);

    /// <param name="unobserved">The event stands for changes nobody saw (reconciliation after a restart).</param>
    private static IReadOnlyList<ISessionEvent> Decide(ChargingSession? open, ChargerEvent evt, string? pendingUserId, Func<string> newSessionId, bool unobserved)
    {
        if (open is null)
        {
            if (evt.Type != ChargerEventType.ChargeStarted) return Nothing;
            var id = newSessionId();
            return [new SessionOpened(id, evt.ChargerId, pendingUserId, evt.Timestamp, evt.ToState ?? (int)ChargerState.Charging), Recorded(id, evt)];
        }

        return evt.Type switch
        {
            ChargerEventType.LinkDown => [new SessionLinkDegraded(open.SessionId, evt.Timestamp, evt.Message)],
            // A start is accepted only in EV_CONNECTED, which a charge reaches again only through STOPPED or a
            // fault: the open session ended while nobody saw it (a restart that reconciled with READY, 5->4).
            ChargerEventType.ChargeAuthorized => [new SessionClosed(open.SessionId, SessionStatus.Completed, evt.Timestamp, (int)ChargerState.EvConnected,
                "ended unseen: a new start was accepted in EV_CONNECTED")],
            // After a restart the first LinkUp ends no outage the session knows of.
            ChargerEventType.LinkUp => open.IsLinkDegraded ? [new SessionLinkRestored(open.SessionId, evt.Timestamp)] : Nothing,
            // Judged from the session's own last state: an event that starts elsewhere (7->1 after a restart that
            // missed 5->7) stands for changes the session never saw.
            _ when evt.ToState is { } to && Ending(evt.Type, open.LastState, to, unobserved || evt.FromState != open.LastState) is var (status, reason) =>
                [Recorded(open.SessionId, evt), new SessionClosed(open.SessionId, status, evt.Timestamp, to, reason)],
            _ => [Recorded(open.SessionId, evt)],
        };
    }

    /// <summary>
    /// Brings a recovered open session up to date with the first fresh status after a restart or an
    /// outage: still charging or paused, it goes on; otherwise the transitions from its last known state
    /// to the status's are recorded (marked as seen on reconciliation) and end it by the same rules.
    /// </summary>
    public static IReadOnlyList<ISessionEvent> Reconcile(ChargingSession open, ChargerStatus status, long chargerSequence)
    {
        var events = new List<ISessionEvent>();
        var session = open;
        var from = open.LastState;
        foreach (var type in TransitionClassifier.Classify(from, status.StateCode))
        {
            if (!session.IsOpen) break;
            var synthetic = new ChargerEvent(open.ChargerId, chargerSequence, type, status.ReceivedAt, from, status.StateCode, status,
                "reconciled with the first fresh status");
            foreach (var e in Decide(session, synthetic, null, () => throw new InvalidOperationException("A reconciliation never opens a session."), unobserved: true))
            {
                events.Add(e);
                session = session.Apply(e);
            }
        }
        return events;
    }

    private static (SessionStatus, string)? Ending(ChargerEventType type, int from, int to, bool unobserved) => to switch
    {
        (int)ChargerState.Stopped => (SessionStatus.Completed, "stopped"),
        (int)ChargerState.Idle when type == ChargerEventType.ChargeStopped => (SessionStatus.Completed, "the vehicle left after charging"),
        (int)ChargerState.FaultHard or (int)ChargerState.HardfaultEnd => (SessionStatus.Faulted, "fault"),
        (int)ChargerState.Idle or (int)ChargerState.CableDetect or (int)ChargerState.EvConnected
            when unobserved || from is (int)ChargerState.Charging or (int)ChargerState.Paused =>
            (SessionStatus.Completed, $"back to {(ChargerState)to}: the charge ended unseen (the firmware leaves it only through STOPPED or a fault)"),
        (int)ChargerState.Idle or (int)ChargerState.CableDetect or (int)ChargerState.EvConnected =>
            (SessionStatus.Cancelled, $"back to {(ChargerState)to} without a stop"),
        _ => null,
    };

    private static SessionEventRecorded Recorded(string sessionId, ChargerEvent evt) =>
        new(sessionId, evt.Type, evt.Timestamp, evt.Sequence, evt.FromState, evt.ToState, evt.Message);
}
