using System.Net;

namespace Charger.Actors.Subscribers;

/// <summary>
/// A webhook receiver answered with a status other than 2xx. The message names the status and, at
/// most, the first 200 characters of the receiver's answer; never the URL, its query or userinfo,
/// the secret or the headers we sent, because it ends up in logs and in the subscriber's last error.
/// </summary>
public sealed class WebhookDeliveryException : Exception
{
    /// <summary>The most of the receiver's answer that is kept.</summary>
    public const int MaxExcerptLength = 200;

    public WebhookDeliveryException(HttpStatusCode statusCode, string? reasonPhrase = null, string? responseExcerpt = null)
        : base(Describe(statusCode, reasonPhrase, responseExcerpt))
    {
        StatusCode = statusCode;
        ResponseExcerpt = Clean(responseExcerpt, MaxExcerptLength);
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The start of the receiver's answer (control characters blanked, at most 200 characters), if any.</summary>
    public string? ResponseExcerpt { get; }

    private static string Describe(HttpStatusCode status, string? reasonPhrase, string? excerpt)
    {
        var reason = Clean(reasonPhrase, 60) ?? (Enum.IsDefined(status) ? status.ToString() : null);
        var body = Clean(excerpt, MaxExcerptLength);
        return $"webhook answered {(int)status}{(reason is null ? "" : " " + reason)}{(body is null ? "" : ": " + body)}";
    }

    // Text from the receiver: one line, bounded, so it cannot forge log lines or flood the API.
    private static string? Clean(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var chars = text.Select(c => char.IsControl(c) ? ' ' : c).ToArray();
        var line = new string(chars).Trim();
        if (line.Length <= max) return line;
        var cut = char.IsHighSurrogate(line[max - 1]) ? max - 1 : max;
        return string.Concat(line.AsSpan(0, cut), "…");
    }
}
