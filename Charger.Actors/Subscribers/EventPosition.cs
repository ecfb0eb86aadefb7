using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Charger.Actors.Subscribers;

/// <summary>
/// Where a site-wide live stream stands: per charger, the <see cref="Charging.ChargerEvent.Sequence"/> of the last event
/// the client got. It is the SSE <c>id:</c> of a site cluster's stream, <c>cp-1:42,cp-2:17</c> (charger id, escaped as a URI
/// data string, a colon, the sequence; entries ordered by id and joined by commas), because a sequence is numbered by the
/// charger's own node and means the same on every node, where a hub's own id means something on its node only.
/// </summary>
public sealed class EventPosition
{
    /// <summary>Far more than a site's chargers; a longer id is not one we wrote.</summary>
    public const int MaxChargers = 256;

    public static readonly EventPosition Empty = new(ImmutableSortedDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal));

    private EventPosition(ImmutableSortedDictionary<string, long> sequences) => Sequences = sequences;

    public ImmutableSortedDictionary<string, long> Sequences { get; }

    /// <summary>The sequence the client got last of <paramref name="chargerId"/>, or null when it got none.</summary>
    public long? Of(string chargerId) => Sequences.TryGetValue(chargerId, out var sequence) ? sequence : null;

    public EventPosition With(string chargerId, long sequence) => new(Sequences.SetItem(chargerId, sequence));

    public static EventPosition Of(IEnumerable<KeyValuePair<string, long>> sequences) =>
        new(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, sequences));

    /// <summary>The id as the stream writes it.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (chargerId, sequence) in Sequences)
        {
            if (text.Length > 0) text.Append(',');
            text.Append(Uri.EscapeDataString(chargerId)).Append(':').Append(sequence.ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>
    /// Reads an id <see cref="ToString"/> wrote; false (with why) for anything else: an entry without a charger or a
    /// sequence, a sequence that is not a whole number of at least 0, a charger twice, more than <see cref="MaxChargers"/>.
    /// </summary>
    public static bool TryParse(string text, out EventPosition position, out string error)
    {
        position = Empty;
        error = "";
        var builder = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        var entries = text.Split(',');
        if (entries.Length > MaxChargers)
        {
            error = $"it names more than {MaxChargers} chargers";
            return false;
        }
        foreach (var entry in entries)
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0)
            {
                error = $"'{entry}' is not charger:sequence";
                return false;
            }
            string chargerId;
            try
            {
                chargerId = Uri.UnescapeDataString(entry[..colon]);
            }
            catch (UriFormatException)
            {
                error = $"'{entry}' is not charger:sequence";
                return false;
            }
            if (!long.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                error = $"the sequence of '{chargerId}' must be a whole number of at least 0";
                return false;
            }
            if (!builder.TryAdd(chargerId, sequence))
            {
                error = $"it names '{chargerId}' twice";
                return false;
            }
        }
        position = new EventPosition(builder.ToImmutable());
        return true;
    }
}
