namespace Charger.Host.Security;

/// <summary>The key a request presented, by its configured id (never the key itself).</summary>
public sealed record ApiKeyIdentity(string Id, ApiRole Role);
