using Akka.Persistence.Journal;

namespace Charger.Actors.Sessions.Journal;

/// <summary>
/// Tags every <see cref="ISessionEvent"/> on its way into the journal with <see cref="Tag"/>, so the read side
/// (<see cref="Projection.SessionProjection"/>) follows all chargers' sessions with one events-by-tag query in
/// journal order. Authorization events belong to no session and stay untagged: the read side never needs them.
/// </summary>
public sealed class SessionTagger : IWriteEventAdapter
{
    public const string Tag = "sessions";

    private static readonly string[] Tags = [Tag];

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is ISessionEvent ? new Tagged(evt, Tags) : evt;

}
