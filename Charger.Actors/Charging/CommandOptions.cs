namespace Charger.Actors.Charging;

/// <summary>Timing of a charger's command handling.</summary>
public sealed record CommandOptions
{
    /// <summary>A status older than this is refreshed (READSTAT) before a command is checked against it.</summary>
    public TimeSpan FreshWithin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for an ACK (or for the fresh status before sending).</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>How long a stop may take to show as state 7 or 1 (the link polls every second).</summary>
    public TimeSpan StopConfirmTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>An ACK that comes this late after its command timed out is recognised as late and ignored.</summary>
    public TimeSpan LateAckWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the session journal may take to record a start before AUTH is written (the write-ahead). Generous:
    /// the first write after a start-up also builds the journal's SQL (linq2db), which takes seconds on a Pi.
    /// </summary>
    public TimeSpan JournalTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public void Validate()
    {
        if (JournalTimeout <= TimeSpan.Zero) throw new ArgumentException($"commands.journal-timeout must be positive, got {JournalTimeout}.");
        if (FreshWithin <= TimeSpan.Zero) throw new ArgumentException($"commands.fresh-within must be positive, got {FreshWithin}.");
        if (AckTimeout <= TimeSpan.Zero) throw new ArgumentException($"commands.ack-timeout must be positive, got {AckTimeout}.");
        if (StopConfirmTimeout <= TimeSpan.Zero) throw new ArgumentException($"commands.stop-confirm-timeout must be positive, got {StopConfirmTimeout}.");
        if (LateAckWindow < AckTimeout) throw new ArgumentException("commands.late-ack-window must not be shorter than commands.ack-timeout.");
    }
}
