namespace Charger.Actors.Alerts;

/// <summary>
/// A family of rules that share what they read (the chargers' monitors, the host's readings): one child actor of
/// the <see cref="AlertsActor"/> each, so a probe that throws restarts its family alone. <see cref="Probe"/>
/// observes every rule of <see cref="Rules"/> for every subject it knows, at the time given.
/// </summary>
public sealed record AlertFamily(string Name, IReadOnlyList<string> Rules, Func<DateTimeOffset, IEnumerable<AlertCondition>> Probe);
