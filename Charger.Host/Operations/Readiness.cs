using System.Globalization;
using Charger.Actors.Charging;
using Charger.Actors.Station;
using Charger.Host.Daemon;

namespace Charger.Host.Operations;

/// <summary>
/// Whether the daemon can do its job now: the actor system runs, and every charger's link is up with
/// a fresh status. Read from the monitors (no actor is asked), so it is cheap enough for every probe.
/// A session journal that cannot write (full disk, database gone) makes it <see cref="Degraded"/>, not unready:
/// the chargers are controlled and charge on; only the history waits (and catches up when writes work again).
/// </summary>
/// <param name="Ready">The chargers can be controlled.</param>
/// <param name="Degraded">Why the daemon is ready but not whole (the session journal's problem), or null.</param>
/// <param name="ShuttingDown">The runtime is not running (not yet started, stopping or stopped).</param>
/// <param name="Reasons">Why not, one line each, safe to show without authentication (no paths).</param>
public sealed record Readiness(bool Ready, bool ShuttingDown, IReadOnlyList<string> Reasons, IReadOnlyList<ChargerReadiness> Chargers,
    string? Degraded = null)
{
    public static Readiness Of(ChargerRuntime runtime, DateTimeOffset now)
    {
        if (!runtime.IsRunning) return new Readiness(false, true, ["shutting down"], []);
        var chargers = runtime.Registry.All.Select(h => ChargerReadiness.Of(h, now)).ToArray();
        string[] reasons = [.. chargers.Where(c => c.Problem is not null).Select(c => $"{c.Id}: {c.Problem}")];
        if (chargers.Length == 0) reasons = ["no charger is registered"];
        var degraded = runtime.JournalHealth.Problem is { } problem
            ? string.Create(CultureInfo.InvariantCulture,
                $"session journal cannot write since {problem.Since:O}: {PublicText.WithoutPaths(problem.Reason)}; charging goes on, the history catches up when it can")
            : null;
        return new Readiness(reasons.Length == 0, false, degraded is null ? reasons : [.. reasons, degraded], chargers, degraded);
    }
}

/// <summary>One charger's part of <see cref="Readiness"/>.</summary>
/// <param name="Problem">Null when the link is up and the status fresh; otherwise what is wrong.</param>
public sealed record ChargerReadiness(string Id, bool LinkUp, StatusFreshness Status, double? StatusAgeSeconds, int ReconnectAttempts, string? Problem)
{
    public static ChargerReadiness Of(ChargerHandle handle, DateTimeOffset now)
    {
        var link = handle.Link.Current;
        var freshness = handle.Status.FreshnessAt(now);
        var age = handle.Status.Last is { } last ? Math.Round((now - last.ReceivedAt).TotalSeconds, 1) : (double?)null;
        var problem = !link.IsUp
            ? $"link down since {link.Since.ToString("O", CultureInfo.InvariantCulture)}: {PublicText.WithoutPaths(link.LastError) ?? "not connected yet"}"
            : freshness switch
            {
                StatusFreshness.Fresh => null,
                StatusFreshness.Stale => string.Create(CultureInfo.InvariantCulture,
                    $"status stale: {age:0.0} s old, stale after {handle.Status.StaleAfter.TotalSeconds:0.#} s"),
                _ => "status unknown: none since the link came up",
            };
        return new ChargerReadiness(handle.Id, link.IsUp, freshness, age, link.ReconnectAttempts, problem);
    }
}
