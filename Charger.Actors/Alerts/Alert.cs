using System.Text.Json.Serialization;

namespace Charger.Actors.Alerts;

/// <summary>
/// An alert that fired, and resolved once <see cref="ResolvedAt"/> is set. <see cref="Message"/> is the condition's
/// detail when it fired (e.g. "serial link down since 12:00:03Z: port not found"); it never carries a secret.
/// </summary>
public sealed record Alert(
    string Rule,
    string Scope,
    string? Subject,
    AlertSeverity Severity,
    string Message,
    DateTimeOffset FiredAt,
    DateTimeOffset? ResolvedAt = null)
{
    [JsonIgnore]
    public AlertKey Key => new(Rule, Scope, Subject);

    [JsonIgnore]
    public bool IsActive => ResolvedAt is null;
}
