namespace Charger.Actors.Sessions;

/// <summary>
/// The OCPP transaction of this session: the central system's transactionId from its StartTransaction.conf (issue 15),
/// journaled when it arrives, which may be long after the session closed (the central system was unreachable).
/// </summary>
public sealed record SessionOcppTransaction(string SessionId, DateTimeOffset At, int TransactionId) : ISessionEvent;

/// <summary>A session of the recent past, as an OCPP transaction id arriving late is matched to it.</summary>
public sealed record RecentSession(string SessionId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);
