using System.Text;
using Charger.Actors.Protocol;
using Charger.Actors.Serial;

namespace Charger.Host.Http;

/// <summary>
/// One line the ESP32 printed, or one command frame we wrote, as the flight recorder kept it: when,
/// which way, the text (or hex for our binary commands) and what it says. Received bytes are cut into
/// lines across chunks (a line is stamped with the chunk that ended it); a <c>&lt;KIND;KEY=VALUE;...&gt;</c>
/// frame is split into its kind and fields, anything else is kept as plain text (kind <c>TEXT</c>).
/// Hand-written rather than through <c>FrameDecoder</c>: this is a view for people, not the protocol path,
/// and it has to show the malformed lines the decoder would drop.
/// </summary>
public sealed record SerialFrameView(DateTimeOffset At, string Direction, string Kind, string Text, IReadOnlyDictionary<string, string>? Fields)
{
    /// <summary>The newest <paramref name="limit"/> frames in the recorder's <paramref name="records"/>, oldest first.</summary>
    public static IReadOnlyList<SerialFrameView> From(IReadOnlyList<FlightRecord> records, TimeProvider time, int limit)
    {
        var now = time.GetUtcNow();
        var nowStamp = time.GetTimestamp();
        DateTimeOffset At(long stamp) => now - time.GetElapsedTime(stamp, nowStamp);

        var views = new List<SerialFrameView>();
        var line = new List<byte>();
        foreach (var record in records)
        {
            if (record.Direction == FlightDirection.Tx)
            {
                views.AddRange(Commands(record.Bytes, At(record.Timestamp)));
                continue;
            }
            foreach (var b in record.Bytes)
            {
                if (b == (byte)'\n')
                {
                    if (Line(line, At(record.Timestamp)) is { } view) views.Add(view);
                    line.Clear();
                }
                else if (line.Count < 1024) // a line without an end stays bounded
                {
                    line.Add(b);
                }
            }
        }
        return views.Count <= limit ? views : views[^limit..];
    }

    private static SerialFrameView? Line(List<byte> bytes, DateTimeOffset at)
    {
        var text = Printable(bytes).Trim();
        if (text.Length == 0) return null;
        if (text.StartsWith('<') && text.EndsWith('>'))
        {
            var body = text[1..^1];
            var parts = body.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0)
            {
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var part in parts.Skip(1))
                {
                    var equals = part.IndexOf('=', StringComparison.Ordinal);
                    if (equals > 0) fields[part[..equals]] = part[(equals + 1)..];
                    else fields[part] = "";
                }
                return new SerialFrameView(at, "rx", parts[0], text, fields);
            }
        }
        return new SerialFrameView(at, "rx", "TEXT", text, null);
    }

    // Our commands are 5-byte frames: header, command id, separator, value, trailer (Esp32Command).
    private static IEnumerable<SerialFrameView> Commands(byte[] bytes, DateTimeOffset at)
    {
        for (var offset = 0; offset < bytes.Length; offset += Esp32Command.FrameLength)
        {
            var frame = bytes.AsSpan(offset, Math.Min(Esp32Command.FrameLength, bytes.Length - offset));
            var hex = Convert.ToHexString(frame);
            var spaced = string.Join(' ', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(i * 2, 2)));
            if (frame.Length == Esp32Command.FrameLength && frame[0] == Esp32Command.Header && frame[2] == Esp32Command.Separator
                && Enum.IsDefined((Esp32CommandId)frame[1]))
            {
                yield return new SerialFrameView(at, "tx", ((Esp32CommandId)frame[1]).ToString(), spaced,
                    new Dictionary<string, string> { ["value"] = frame[3].ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }
            else
            {
                yield return new SerialFrameView(at, "tx", "BYTES", spaced, null);
            }
        }
    }

    private static string Printable(List<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Count);
        foreach (var b in bytes) sb.Append(b is >= 0x20 and < 0x7F ? (char)b : b == (byte)'\r' ? ' ' : '.');
        return sb.ToString();
    }
}
