namespace Charger.Actors.Sessions;

/// <summary>How a charger's <see cref="SessionActor"/> persists and reconciles.</summary>
public sealed record SessionActorOptions
{
    /// <summary>A snapshot after this many journaled events, so recovery replays at most about this many.</summary>
    public int SnapshotEvery { get; init; } = 100;

    /// <summary>How often the actor asks the tracker for a fresh status until it has reconciled after a (re)start.</summary>
    public TimeSpan ReconcilePollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>New session ids (UUIDs, as the predecessor's); tests give their own.</summary>
    public Func<string> NewSessionId { get; init; } = () => Guid.NewGuid().ToString();

    /// <summary>Where journal failures and recoveries are reported (readiness reads it); null: nowhere.</summary>
    public SessionJournalHealth? JournalHealth { get; init; }

    public void Validate()
    {
        if (SnapshotEvery < 1) throw new ArgumentException($"sessions.snapshot-every must be at least 1, got {SnapshotEvery}.");
        if (ReconcilePollInterval <= TimeSpan.Zero) throw new ArgumentException("the session reconcile poll interval must be positive.");
    }
}
