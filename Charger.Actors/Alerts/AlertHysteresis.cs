namespace Charger.Actors.Alerts;

/// <summary>
/// The life of one alert key: a condition seen active starts the hold; held for <see cref="AlertRuleOptions.Hold"/>
/// it fires; seen clear while firing starts the hysteresis; clear for <see cref="AlertRuleOptions.ResolveAfter"/>
/// it resolves. A condition that comes back during the hysteresis keeps the same alert (no second event), and one
/// that goes away during the hold never fires. Times are the observations' (the family's ticks), so the hold and
/// the hysteresis are exact to one evaluation interval.
/// </summary>
public sealed class AlertHysteresis(AlertRuleOptions options, Alert? firing = null)
{
    private DateTimeOffset? _activeSince;
    private DateTimeOffset? _clearSince;

    /// <summary>The active alert of this key, or null.</summary>
    public Alert? Firing { get; private set; } = firing;

    /// <summary>Feeds one observation; returns the alert when it fires or resolves now, else null.</summary>
    public Alert? Observe(AlertCondition condition, DateTimeOffset now)
    {
        var active = condition.State == AlertConditionState.Active;
        if (Firing is null)
        {
            if (!active)
            {
                _activeSince = null;
                return null;
            }
            _activeSince ??= now;
            if (now - _activeSince < options.Hold) return null;
            _clearSince = null;
            return Firing = new Alert(condition.Rule, condition.Scope, condition.Subject, options.Severity, condition.Detail, now);
        }
        if (active)
        {
            _clearSince = null;
            return null;
        }
        _clearSince ??= now;
        if (now - _clearSince < options.ResolveAfter) return null;
        var resolved = Firing with { ResolvedAt = now };
        Firing = null;
        _activeSince = null;
        _clearSince = null;
        return resolved;
    }
}
