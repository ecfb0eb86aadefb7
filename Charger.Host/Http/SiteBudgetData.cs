using Charger.Actors.Budget;

namespace Charger.Host.Http;

/// <summary>The site budget as the API shows it (<c>/api/site</c>, and a start refused with <c>SITE_BUDGET_EXHAUSTED</c>).</summary>
public static class SiteBudgetData
{
    public static Dictionary<string, object?> From(SiteBudgetActor.BudgetView budget) => new()
    {
        ["max_current_a"] = budget.BudgetAmps,
        ["in_use_a"] = budget.InUseAmps,
        ["available_a"] = budget.AvailableAmps,
        ["relearning"] = budget.Relearning,
        ["grants"] = budget.Grants.Select(g => new Dictionary<string, object?> { ["charger_id"] = g.ChargerId, ["amps"] = g.Amps }).ToList(),
    };
}
