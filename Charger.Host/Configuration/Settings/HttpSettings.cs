using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration.Settings;

public sealed class HttpSettings
{
    /// <summary>Where the API listens. Loopback by default: put a reverse proxy or a tunnel in front to expose it.</summary>
    public string Url { get; set; } = "http://127.0.0.1:8000";

    /// <summary>When on, GET endpoints answer without an API key; control endpoints always need one.</summary>
    [ConfigurationKeyName("public-reads")]
    public bool PublicReads { get; set; }

    /// <summary>Largest request body accepted; commands are a few bytes, station info a few KB.</summary>
    [ConfigurationKeyName("max-body-bytes")]
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>A folder of static files to serve at /, or empty for none. Nothing else is ever served as a file.</summary>
    [ConfigurationKeyName("web-root")]
    public string? WebRoot { get; set; }

    [ConfigurationKeyName("rate-limit")]
    public RateLimitSettings RateLimit { get; set; } = new();
}

public sealed class RateLimitSettings
{
    /// <summary>Control requests (start, stop, max current) per minute per key, else per client address.</summary>
    [ConfigurationKeyName("control-per-minute")]
    public int ControlPerMinute { get; set; } = 10;

    /// <summary>Other requests per minute per key, else per client address.</summary>
    [ConfigurationKeyName("read-per-minute")]
    public int ReadPerMinute { get; set; } = 600;
}
