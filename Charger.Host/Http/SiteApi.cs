using Akka.Actor;
using Charger.Actors.Budget;
using Charger.Host.Cluster;
using Charger.Host.Daemon;
using Charger.Host.Security;

namespace Charger.Host.Http;

/// <summary>
/// <c>GET /api/site</c>: what the chargers of the site share, the same on every node: the site (cluster name and this
/// node, null on a single host) and its current budget with every charger's grant, one question to the budget actor
/// (the cluster singleton), rather than a field per charger in <c>/api/chargers</c>, which would ask it once per row.
/// </summary>
public static class SiteApi
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapSiteApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/site", GetAsync).WithTags("Site").RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        return app;
    }

    private static async Task<IResult> GetAsync(ChargerRuntime runtime, TimeProvider time)
    {
        if (!runtime.IsRunning) return ApiResponse.Error(503, ErrorCodes.ShuttingDown, "The daemon is shutting down.", time);
        var data = new Dictionary<string, object?>
        {
            ["site"] = runtime.Site?.Options.Site,
            ["node"] = runtime.Site is { } site ? SiteCluster.NodeName(site.SelfAddress) : null,
            ["budget"] = null,
        };
        if (runtime.SiteBudget is not { } budget) return ApiResponse.Ok("Site (no current budget: site.max-current-a is not set)", data, time);
        try
        {
            data["budget"] = SiteBudgetData.From(await budget.Ask<SiteBudgetActor.BudgetView>(SiteBudgetActor.GetBudget.Instance, AskTimeout));
            return ApiResponse.Ok("Site", data, time);
        }
        catch (AskTimeoutException)
        {
            return ApiResponse.Error(503, ErrorCodes.SiteBudgetUnavailable,
                $"The site budget did not answer within {AskTimeout.TotalSeconds:0} s (in a site cluster it may be moving to another node).", time, data);
        }
    }
}
