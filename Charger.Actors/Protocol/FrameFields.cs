using System.Collections;

namespace Charger.Actors.Protocol;

/// <summary>
/// The fields of a frame that have no typed property, in the order they were first sent, one per key
/// (a repeated key keeps its last value). Compared by content, so frames that carry them stay value-equal.
/// </summary>
public sealed class FrameFields : IReadOnlyList<Esp32Field>, IEquatable<FrameFields>
{
    private readonly Esp32Field[] _fields;

    internal FrameFields(Esp32Field[] fields) => _fields = fields;

    public static FrameFields Empty { get; } = new([]);

    /// <summary>Fields as a frame would carry them: a repeated key keeps its first position and its last value.</summary>
    public static FrameFields Of(params IEnumerable<Esp32Field> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var list = new List<Esp32Field>();
        foreach (var field in fields)
        {
            ArgumentNullException.ThrowIfNull(field.Key, nameof(fields));
            ArgumentNullException.ThrowIfNull(field.Value, nameof(fields));
            var index = list.FindIndex(f => f.Key == field.Key);
            if (index >= 0)
            {
                list[index] = field;
            }
            else
            {
                list.Add(field);
            }
        }

        return list.Count == 0 ? Empty : new FrameFields([.. list]);
    }

    public int Count => _fields.Length;

    public Esp32Field this[int index] => _fields[index];

    public bool TryGetValue(string key, out string value)
    {
        foreach (var field in _fields)
        {
            if (field.Key == key)
            {
                value = field.Value;
                return true;
            }
        }

        value = "";
        return false;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public IEnumerator<Esp32Field> GetEnumerator() => ((IEnumerable<Esp32Field>)_fields).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(FrameFields? other) =>
        other is not null && _fields.AsSpan().SequenceEqual(other._fields);

    public override bool Equals(object? obj) => Equals(obj as FrameFields);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var field in _fields)
        {
            hash.Add(field);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(";", _fields) + "]";
}
