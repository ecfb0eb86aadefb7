namespace Charger.Host.Security;

/// <summary>The key a request presented, by its configured id (never the key itself).</summary>
public sealed record ApiKeyIdentity(string Id, ApiRole Role)
{
    /// <summary>The rate limiter's partitions for this key, named once rather than per request.</summary>
    internal string ReadPartition { get; } = $"read|key:{Id}";

    internal string ControlPartition { get; } = $"control|key:{Id}";
}
