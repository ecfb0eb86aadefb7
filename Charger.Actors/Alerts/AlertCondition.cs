namespace Charger.Actors.Alerts;

/// <summary>
/// One rule's observation of one subject at one moment, as a rule family's probe reports it.
/// <see cref="Scope"/> is the charger id, or <see cref="AlertRule.Station"/> for the host; <see cref="Subject"/>
/// tells apart several alerts of one rule and scope (the subscriber's name). An unavailable rule cannot observe
/// here (no thermal zone on a PC): it never fires, and /api/alerts says why.
/// </summary>
public sealed record AlertCondition(string Rule, string Scope, AlertConditionState State, string Detail, string? Subject = null)
{
    public static AlertCondition Active(string rule, string scope, string detail, string? subject = null) =>
        new(rule, scope, AlertConditionState.Active, detail, subject);

    public static AlertCondition Clear(string rule, string scope, string detail = "", string? subject = null) =>
        new(rule, scope, AlertConditionState.Clear, detail, subject);

    public static AlertCondition Unavailable(string rule, string scope, string why) =>
        new(rule, scope, AlertConditionState.Unavailable, why);

    public AlertKey Key => new(Rule, Scope, Subject);
}

public enum AlertConditionState
{
    Clear,
    Active,
    Unavailable,
}

/// <summary>What makes an alert itself: one active alert per key at most (deduplication).</summary>
public readonly record struct AlertKey(string Rule, string Scope, string? Subject)
{
    public override string ToString() => Subject is null ? $"{Rule}/{Scope}" : $"{Rule}/{Scope}/{Subject}";
}
