using Akka.Actor;
using Charger.Actors.Sessions.Journal;
using Microsoft.Extensions.Logging;

namespace Charger.Actors.Sessions.Migration;

/// <summary>
/// Upgrades a data directory of the release before Akka.Persistence.Sql in place, on the first start: every
/// stream of the old journal (<c>sessions-{charger}</c>, <c>sessions-imported-{charger}</c>) is appended to
/// Akka's journal under the same persistence id, in order, through <see cref="JournalAppenderActor"/> (so the
/// events are serialized and tagged as the session actors' own; old schema versions are upcast on the way);
/// then <see cref="ILegacyJournal.RetireAsync"/> sets the projection's offset past them (the session tables
/// already hold them) and retires the old tables. It runs before the chargers and the projection start.
/// Interrupted, it resumes: each stream continues after the last sequence number Akka's journal has for it.
/// The old snapshots are not moved: the session actors replay their journal once and snapshot again.
/// </summary>
public static class LegacyJournalMigration
{
    private const int Chunk = 500;
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromMinutes(1);

    /// <returns>How many events were moved (0 when there was nothing to migrate).</returns>
    public static async Task<long> RunAsync(ActorSystem system, ILegacyJournal legacy, ILogger logger, CancellationToken cancellationToken = default)
    {
        if (!await legacy.ExistsAsync(cancellationToken).ConfigureAwait(false)) return 0;
        var streams = await legacy.StreamsAsync(cancellationToken).ConfigureAwait(false);
        long moved = 0;
        foreach (var (persistenceId, highest) in streams)
            moved += await MoveAsync(system, legacy, persistenceId, highest, cancellationToken).ConfigureAwait(false);
        await legacy.RetireAsync(cancellationToken).ConfigureAwait(false);
        // A new install has the old tables too (the schema's first steps create them), empty: nothing to tell.
        if (streams.Count == 0) return 0;
        logger.LogInformation("Upgrade: moved {Events} events of {Streams} session journals from the previous release's journal into Akka.Persistence.Sql; " +
                              "the session tables were kept as they were", moved, streams.Count);
        return moved;
    }

    private static async Task<long> MoveAsync(ActorSystem system, ILegacyJournal legacy, string persistenceId, long highest, CancellationToken cancellationToken)
    {
        var appender = system.ActorOf(JournalAppenderActor.Props(persistenceId));
        try
        {
            var recovered = await appender.Ask<JournalAppenderActor.Recovered>(JournalAppenderActor.GetRecovered.Instance, WriteTimeout, cancellationToken)
                .ConfigureAwait(false);
            // Sequence numbers carry over one to one (the old journal never deleted session events), so what Akka
            // has already is where an interrupted migration stopped.
            var after = recovered.LastSequenceNr;
            long moved = 0;
            while (after < highest)
            {
                var entries = await legacy.ReadAsync(persistenceId, after, Chunk, cancellationToken).ConfigureAwait(false);
                if (entries.Count == 0) break;
                var events = entries.Select(e => SessionJournalSerializer.Format.Deserialize(e.Manifest, e.SchemaVersion, e.Payload)).ToList();
                await appender.Ask<JournalAppenderActor.Appended>(new JournalAppenderActor.Append(events), WriteTimeout, cancellationToken).ConfigureAwait(false);
                after = entries[^1].SequenceNr;
                moved += entries.Count;
            }
            return moved;
        }
        finally
        {
            appender.Tell(PoisonPill.Instance);
        }
    }
}
