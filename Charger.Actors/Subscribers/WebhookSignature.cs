using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Charger.Actors.Subscribers;

/// <summary>
/// How a receiver knows a webhook came from us: GitHub's scheme, so existing verification code works.
/// When a secret is configured, every request carries
/// <c>X-Charger-Signature: sha256=&lt;hex&gt;</c>, where hex is the lowercase hexadecimal
/// HMAC-SHA256 of the exact request body bytes (as sent, before any parsing) keyed with the secret's
/// UTF-8 bytes. A receiver recomputes it over the raw body and compares in constant time
/// (<see cref="Verify"/> does both). The signature covers the body only; the body carries the
/// charger id and sequence, so a replay is detectable as a repeated <c>X-Charger-Delivery</c>.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Charger-Signature";

    public const string Prefix = "sha256=";

    /// <summary>The header value for <paramref name="body"/>: <c>sha256=</c> and 64 lowercase hex digits.</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Prefix + Convert.ToHexStringLower(Mac(secret, body));
    }

    /// <summary>
    /// Whether <paramref name="header"/> is a valid signature of <paramref name="body"/> under
    /// <paramref name="secret"/>. Compares in constant time; a missing or malformed header is false.
    /// </summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (header is null) return false;
        var value = header.AsSpan().Trim();
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var hex = value[Prefix.Length..];
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (hex.Length != 2 * given.Length
            || Convert.FromHexString(hex, given, out _, out var written) != OperationStatus.Done
            || written != given.Length)
            return false;
        return CryptographicOperations.FixedTimeEquals(Mac(secret, body), given);
    }

    private static byte[] Mac(string secret, ReadOnlySpan<byte> body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
}
