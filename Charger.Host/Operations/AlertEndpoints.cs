using Charger.Actors.Alerts;
using Charger.Actors.Subscribers;
using Charger.Host.Daemon;
using Charger.Host.Http;
using Charger.Host.Security;

namespace Charger.Host.Operations;

/// <summary>
/// <c>GET /api/alerts</c> (read key): the active alerts (oldest first), the recent history (newest first, kept across
/// restarts) and the rules that cannot observe on this host with why (e.g. cpu-hot without a thermal zone); also the
/// predecessor's <c>active_alerts</c> and <c>count</c>.
/// </summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/alerts", (ChargerRuntime runtime, TimeProvider time) =>
            {
                var book = runtime.Alerts;
                var active = book.Active;
                return ApiResponse.Ok("Alerts", new
                {
                    // The predecessor's shape, for its clients (PREDECESSOR.md 4.5): name is the rule.
                    active_alerts = active.Select(a => new
                    {
                        name = a.Rule,
                        severity = a.Severity.ToString().ToLowerInvariant(),
                        message = a.Message,
                        timestamp = a.FiredAt,
                        metadata = new { scope = a.Scope, subject = a.Subject },
                    }).ToList(),
                    count = active.Count,
                    active = active.Select(ChargerEventJson.AlertDocument.From).ToList(),
                    history = book.History.Select(ChargerEventJson.AlertDocument.From).ToList(),
                    unavailable = book.Unavailable.Select(u => new { rule = u.Rule, scope = u.Scope, reason = "unavailable: " + u.Why }).ToList(),
                    rules = AlertRule.All.Select(r =>
                    {
                        var rule = runtime.Options.Alerts.Rule(r);
                        return new
                        {
                            rule = r,
                            enabled = rule.Enabled,
                            severity = rule.Severity.ToString().ToLowerInvariant(),
                            hold_seconds = rule.Hold.TotalSeconds,
                            resolve_after_seconds = rule.ResolveAfter.TotalSeconds,
                        };
                    }).ToList(),
                }, time);
            })
            .WithTags("System")
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        return app;
    }
}
