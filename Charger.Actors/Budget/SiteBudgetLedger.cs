namespace Charger.Actors.Budget;

/// <summary>
/// The grants of the site budget: charger id → amps it may draw (it charges, or is authorized to). A grant is the
/// smaller of what the charger asks for and what the others leave; the sum of grants never exceeds the budget, except
/// when chargers report charges nobody granted (an RFID card, or charges a new budget actor learns), which are counted
/// as they are, so that less is handed out until they end.
/// </summary>
public sealed class SiteBudgetLedger(int budgetAmps)
{
    private readonly Dictionary<string, int> _grants = new(StringComparer.OrdinalIgnoreCase);

    public int BudgetAmps => budgetAmps;

    public int InUseAmps => _grants.Values.Sum();

    public IReadOnlyDictionary<string, int> Grants => _grants;

    /// <summary>What a new grant for <paramref name="chargerId"/> could be: the budget less every other charger's grant.</summary>
    public int AvailableFor(string chargerId) => budgetAmps - _grants.Where(g => !string.Equals(g.Key, chargerId, StringComparison.OrdinalIgnoreCase)).Sum(g => g.Value);

    /// <summary>The grant for <paramref name="chargerId"/> (replacing the one it had), or null when less than the minimum is left.</summary>
    public int? TryGrant(string chargerId, int requestedAmps)
    {
        var grant = Math.Min(requestedAmps, AvailableFor(chargerId));
        if (grant < SiteBudgetOptions.MinGrantAmps) return null;
        _grants[chargerId] = grant;
        return grant;
    }

    /// <summary>What the charger says it holds: a grant, a charge nobody granted, or nothing (null: released).</summary>
    public void Set(string chargerId, int? amps)
    {
        if (amps is { } a) _grants[chargerId] = a;
        else _grants.Remove(chargerId);
    }
}
