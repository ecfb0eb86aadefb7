namespace Charger.Actors.Alerts;

/// <summary>
/// How one rule fires and resolves (HOCON <c>alerts.{rule}</c>): its condition must hold for <see cref="Hold"/>
/// before the alert fires, and be gone for <see cref="ResolveAfter"/> (the hysteresis) before it resolves, so a
/// condition that flickers fires once and resolves once.
/// </summary>
public sealed record AlertRuleOptions(TimeSpan Hold, TimeSpan ResolveAfter, AlertSeverity Severity, bool Enabled = true)
{
    public void Validate(string key)
    {
        if (Hold < TimeSpan.Zero) throw new ArgumentException($"{key}.hold must be 0s or more, got {Hold}.");
        if (ResolveAfter < TimeSpan.Zero) throw new ArgumentException($"{key}.resolve-after must be 0s or more, got {ResolveAfter}.");
    }
}
