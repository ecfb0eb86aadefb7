using Charger.Actors.Sessions.Journal;

namespace Charger.Actors.Sessions;

/// <summary>
/// The journal manifests of the session events and snapshot. They are stored in every database and
/// read back years later: never rename one; change a shape by bumping its version with an upcaster.
/// </summary>
public static class SessionSerialization
{
    public const string Opened = "session-opened";
    public const string EventRecorded = "session-event-recorded";
    public const string LinkDegraded = "session-link-degraded";
    public const string LinkRestored = "session-link-restored";
    public const string Closed = "session-closed";
    public const string Snapshot = "session-snapshot";
    public const string StartAuthorized = "start-authorized";
    public const string AuthorizationLapsed = "authorization-lapsed";
    public const string StartRequested = "start-requested";
    public const string MeterStarted = "session-meter-started";
    public const string MeterStopped = "session-meter-stopped";
    public const string MeterDown = "session-meter-down";
    public const string OcppTransaction = "session-ocpp-transaction";

    /// <summary>Registers the session types with <paramref name="serializer"/> (once, at startup).</summary>
    public static PersistenceSerializer RegisterSessions(this PersistenceSerializer serializer) => serializer
        .Register<SessionOpened>(Opened)
        .Register<SessionEventRecorded>(EventRecorded)
        .Register<SessionLinkDegraded>(LinkDegraded)
        .Register<SessionLinkRestored>(LinkRestored)
        .Register<SessionClosed>(Closed)
        .Register<SessionSnapshot>(Snapshot)
        .Register<Sessions.StartAuthorized>(StartAuthorized)
        .Register<Sessions.AuthorizationLapsed>(AuthorizationLapsed)
        .Register<Sessions.StartRequested>(StartRequested)
        .Register<SessionMeterStarted>(MeterStarted)
        .Register<SessionMeterStopped>(MeterStopped)
        .Register<SessionMeterDown>(MeterDown)
        .Register<SessionOcppTransaction>(OcppTransaction);
}
