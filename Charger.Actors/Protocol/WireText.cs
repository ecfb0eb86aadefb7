using System.Text;

namespace Charger.Actors.Protocol;

/// <summary>
/// Byte-level text helpers for the decoder: the wire is ASCII in practice, so fields are compared and parsed
/// as bytes, and a string is made only for values that end up in a frame. The firmware's fixed vocabulary
/// comes from a table, so a typical ACK, INFO or WARN frame allocates no strings at all.
/// </summary>
internal static class WireText
{
    private static readonly (byte[] Utf8, string Text)[] s_vocabulary = BuildVocabulary(
        // keys
        "CMD", "STATUS", "MSG", "VAL", "ID",
        // ACK commands and statuses
        "READSTAT", "AUTH", "SETMAXAMP", "LOCK", "UNLOCK", "UNKNOWN", "STOP",
        "OK", "ERR", "CLEARED", "NOT CLEARED",
        // ERR, WARN and INFO messages
        "INVALID_COMMA",
        "FAULT_TIMEOUT_RESET", "GF_IGNORED_RELAY_MASK", "PF_IGNORED_RELAY_MASK",
        "GF_CONFIRMED", "PF_CONFIRMED", "GF_COUNT", "PF_COUNT", "FAULT_CLEARED",
        "FINISHING_EXIT_STATION_CABLE_DISCONNECTED");

    /// <summary>Whitespace as Python's <c>str.strip()</c> sees it in ASCII; CR and LF never reach a frame but may end noise.</summary>
    private static ReadOnlySpan<byte> Whitespace => " \t\r\n\v\f"u8;

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) =>
        // The firmware never pads, so the common case is a two-byte check.
        text.IsEmpty || (!IsWhitespace(text[0]) && !IsWhitespace(text[^1])) ? text : text.Trim(Whitespace);

    /// <summary>Noise lines also lose leading and trailing control bytes (NULs and the like that a reset or a re-plug leaves).</summary>
    public static ReadOnlySpan<byte> TrimNoise(ReadOnlySpan<byte> text)
    {
        var start = 0;
        while (start < text.Length && IsSpaceOrControl(text[start]))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && IsSpaceOrControl(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>A string for <paramref name="utf8"/>: the shared instance for firmware vocabulary, a new one otherwise.
    /// Invalid UTF-8 becomes U+FFFD rather than an exception.</summary>
    public static string ToText(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return "";
        }

        foreach (var (bytes, text) in s_vocabulary)
        {
            if (bytes.Length == utf8.Length && utf8.SequenceEqual(bytes))
            {
                return text;
            }
        }

        return Ascii.IsValid(utf8) ? Encoding.ASCII.GetString(utf8) : DecodeLenient(utf8);
    }

    /// <summary>
    /// UTF-8 with U+FFFD for each maximal invalid subsequence, exactly as <c>Encoding.UTF8.GetString</c>,
    /// but without its replacement-fallback machinery, which on line noise costs ~10x the time and ~7x
    /// the string in garbage. Every byte yields at most one UTF-16 unit, so the buffer never overflows.
    /// </summary>
    internal static string DecodeLenient(ReadOnlySpan<byte> utf8)
    {
        var buffer = utf8.Length <= 1024 ? stackalloc char[utf8.Length] : new char[utf8.Length];
        var written = 0;
        while (!utf8.IsEmpty)
        {
            Rune.DecodeFromUtf8(utf8, out var rune, out var consumed);
            written += rune.EncodeToUtf16(buffer[written..]);
            utf8 = utf8[consumed..];
        }
        return new string(buffer[..written]);
    }

    /// <summary>True when the UTF-8 <paramref name="utf8"/> spells <paramref name="text"/>; ASCII needs no decoding.</summary>
    public static bool Spells(ReadOnlySpan<byte> utf8, string text) =>
        Ascii.Equals(utf8, text) || (!Ascii.IsValid(utf8) && Encoding.UTF8.GetString(utf8) == text);

    /// <summary>
    /// A decimal integer with an optional sign, nothing else (no spaces, no '.', no overflow), as the
    /// predecessor's <c>int()</c> accepted for what the firmware prints.
    /// </summary>
    public static bool TryParseInt32(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        var negative = false;
        var i = 0;
        if (text[0] is (byte)'-' or (byte)'+')
        {
            negative = text[0] == (byte)'-';
            i = 1;
            if (text.Length == 1)
            {
                return false;
            }
        }

        // Accumulate negatively so int.MinValue parses too.
        long acc = 0;
        for (; i < text.Length; i++)
        {
            var digit = text[i] - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            acc = (acc * 10) - digit;
            if (acc < int.MinValue)
            {
                return false;
            }
        }

        if (!negative)
        {
            if (acc == int.MinValue)
            {
                return false;
            }

            acc = -acc;
        }

        value = (int)acc;
        return true;
    }

    private static (byte[], string)[] BuildVocabulary(params string[] words) =>
        [.. words.Select(static w => (Encoding.ASCII.GetBytes(w), w))];

    private static bool IsWhitespace(byte b) => b <= (byte)' ' && Whitespace.Contains(b);

    private static bool IsSpaceOrControl(byte b) => b <= (byte)' ' || b == 0x7F;
}
