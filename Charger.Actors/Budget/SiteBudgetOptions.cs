namespace Charger.Actors.Budget;

/// <summary>
/// The site's current budget (<c>site.max-current-a</c>): what all chargers of the site together may draw, handed out
/// by the <see cref="SiteBudgetActor"/> one grant per start.
/// </summary>
public sealed record SiteBudgetOptions
{
    /// <summary>The smallest grant worth a charge: IEC 61851's lowest pilot current.</summary>
    public const int MinGrantAmps = Protocol.Esp32Command.MinCurrentAmps;

    public required int MaxCurrentAmps { get; init; }

    /// <summary>
    /// How long a new budget actor (a singleton that moved, or a fresh start) waits for the chargers to say what they hold
    /// before it grants again; chargers that did not answer by then are counted once they report.
    /// </summary>
    public TimeSpan RelearnTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a charger's command actor waits for a grant before it refuses the start (no budget actor reachable).</summary>
    public TimeSpan GrantTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a charger may take to walk back to EvConnected (3) after its max current was lowered to the grant: the
    /// firmware forces IDLE on every max-current command and walks 1→2→3 within two loop passes.
    /// </summary>
    public TimeSpan ReturnTimeout { get; init; } = TimeSpan.FromSeconds(4);

    public void Validate()
    {
        if (MaxCurrentAmps < MinGrantAmps)
            throw new ArgumentException($"site.max-current-a must be at least {MinGrantAmps} A (one charge at the lowest current), got {MaxCurrentAmps}.");
        if (RelearnTimeout <= TimeSpan.Zero) throw new ArgumentException("site budget relearn timeout must be positive.");
        if (GrantTimeout <= TimeSpan.Zero) throw new ArgumentException("site budget grant timeout must be positive.");
        if (ReturnTimeout <= TimeSpan.Zero) throw new ArgumentException("site budget return timeout must be positive.");
    }
}
