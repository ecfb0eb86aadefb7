using System.Collections.Frozen;
using System.Text;

namespace Charger.Actors.Subscribers;

/// <summary>
/// Where and how a <see cref="WebhookSink"/> posts events. <see cref="ToString"/> is safe to log:
/// it shows the URL without userinfo, query or fragment (they often carry tokens), and the extra
/// headers' names only, never the secret or a header's value.
/// </summary>
public sealed record WebhookOptions
{
    /// <summary>Headers the sink sets itself; <see cref="Headers"/> may not set them.</summary>
    public static readonly FrozenSet<string> ReservedHeaders = new[]
    {
        "X-Charger-Event", "X-Charger-Delivery", WebhookSignature.HeaderName, "User-Agent",
        "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding", "Host", "Connection", "Expect",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The receiver: an absolute http or https URL.</summary>
    public required Uri Url { get; init; }

    /// <summary>The HMAC key for <c>X-Charger-Signature</c> (see <see cref="WebhookSignature"/>); null: unsigned.</summary>
    public string? Secret { get; init; }

    /// <summary>How long one request may take, up to the response's headers.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra request headers, e.g. an Authorization the receiver expects.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>The URL as it may be shown: scheme, host, port and path only.</summary>
    public string DisplayUrl => Redact(Url);

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="key"/>.url, .secret, .timeout or .headers.</summary>
    public void Validate(string key)
    {
        if (Url is null || !Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
        {
            var got = Url is null ? "nothing" : Url.IsAbsoluteUri ? $"a {Url.Scheme} URL" : "a relative URL";
            throw new ArgumentException($"{key}.url must be an absolute http or https URL, got {got}.");
        }
        if (Secret is not null && string.IsNullOrWhiteSpace(Secret))
            throw new ArgumentException($"{key}.secret must not be empty when it is set (leave it out for unsigned requests).");
        if (Timeout <= TimeSpan.Zero || Timeout.TotalMilliseconds > int.MaxValue)
            throw new ArgumentException($"{key}.timeout must be positive and at most {TimeSpan.FromMilliseconds(int.MaxValue).TotalDays:0} days, got {Timeout}.");
        if (Headers is null) throw new ArgumentException($"{key}.headers must be an object of header names to values.");
        foreach (var (name, value) in Headers)
        {
            if (string.IsNullOrEmpty(name) || !name.All(IsTokenChar))
                throw new ArgumentException($"{key}.headers: '{name}' is not a valid header name.");
            if (ReservedHeaders.Contains(name))
                throw new ArgumentException($"{key}.headers: {name} is set by the webhook sink itself and cannot be configured.");
            // The value is never echoed: it is often a credential.
            if (value is null || value.Any(c => c > '~' || (c < ' ' && c != '\t')))
                throw new ArgumentException($"{key}.headers.{name} must be printable ASCII text on one line.");
        }
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Url = ").Append(DisplayUrl)
            .Append(", Secret = ").Append(Secret is null ? "(none)" : "***")
            .Append(", Timeout = ").Append(Timeout)
            .Append(", Headers = [").AppendJoin(", ", Headers?.Keys ?? []).Append(']');
        return true;
    }

    internal static string Redact(Uri? url) => url switch
    {
        null => "(none)",
        { IsAbsoluteUri: true } => url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped),
        _ => "(relative URL)",
    };

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}
