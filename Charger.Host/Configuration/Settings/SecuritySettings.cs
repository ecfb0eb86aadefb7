using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration.Settings;

public sealed class SecuritySettings
{
    /// <summary>API keys; <c>CHARGER_API_KEY</c> adds one more with the control role.</summary>
    [ConfigurationKeyName("api-keys")]
    public List<ApiKeySettings> ApiKeys { get; set; } = [];
}

public sealed class ApiKeySettings
{
    /// <summary>A name for the key, shown in audit lines instead of the key.</summary>
    public string Id { get; set; } = "";

    /// <summary>The key itself (prefer <see cref="Sha256"/> so the file holds no secret).</summary>
    public string? Key { get; set; }

    /// <summary>The key's SHA-256 as 64 hex characters.</summary>
    public string? Sha256 { get; set; }

    /// <summary><c>read</c> or <c>control</c> (control can also read).</summary>
    public string Role { get; set; } = "read";
}
