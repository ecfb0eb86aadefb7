using System.Globalization;

namespace Charger.Host.Configuration;

/// <summary>
/// The parsed document as a tree, kept only until it is flattened: merging objects and letting a later
/// value replace a whole earlier array or object needs the structure that flat keys have lost.
/// </summary>
internal abstract class HoconNode;

/// <summary>A single value, already resolved to the string configuration will hold; null is HOCON's null.</summary>
internal sealed class HoconScalar(string? value) : HoconNode
{
    public string? Value { get; } = value;
}

internal sealed class HoconArray : HoconNode
{
    public List<HoconNode> Items { get; } = [];
}

/// <summary>
/// An object whose keys are case-insensitive, like configuration keys: <c>Http</c> and <c>http</c> would
/// collapse into one configuration section anyway, so they merge here and the later value wins.
/// </summary>
internal sealed class HoconObject : HoconNode
{
    private readonly Dictionary<string, Field> _fields = new(StringComparer.OrdinalIgnoreCase);

    private sealed record Field(string Name, HoconNode Value);

    /// <summary>The object at <paramref name="path"/>, created where missing; a non-object in the way is
    /// replaced, because in HOCON a later object replaces an earlier scalar or array.</summary>
    public HoconObject ObjectAt(IReadOnlyList<string> path)
    {
        var current = this;
        foreach (var name in path)
        {
            if (current._fields.TryGetValue(name, out var field) && field.Value is HoconObject existing)
            {
                current = existing;
                continue;
            }

            var created = new HoconObject();
            current._fields[name] = new Field(name, created);
            current = created;
        }

        return current;
    }

    /// <summary>Sets the value at <paramref name="path"/>; a scalar or array replaces whatever was there.</summary>
    public void Set(IReadOnlyList<string> path, HoconNode value)
    {
        var parent = ObjectAt(path.Take(path.Count - 1).ToArray());
        parent._fields[path[^1]] = new Field(path[^1], value);
    }

    /// <summary>
    /// The node at <paramref name="path"/> when every key matches exactly, case included. Substitutions
    /// need the exact case: the HOCON idiom <c>port = 5000</c> then <c>port = ${?PORT}</c> must reach the
    /// environment variable PORT, not find <c>port</c> again.
    /// </summary>
    public HoconNode? FindExact(IReadOnlyList<string> path)
    {
        HoconNode? current = this;
        foreach (var name in path)
        {
            if (current is not HoconObject obj || !obj._fields.TryGetValue(name, out var field)
                || !string.Equals(field.Name, name, StringComparison.Ordinal))
                return null;
            current = field.Value;
        }

        return current;
    }

    /// <summary>Configuration keys and values: nested keys joined with ':', array elements by index.
    /// Empty objects and arrays produce no key, as a configuration section without values does not exist.</summary>
    public Dictionary<string, string?> Flatten()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(this, "", data);
        return data;
    }

    private static void Flatten(HoconNode node, string prefix, Dictionary<string, string?> data)
    {
        switch (node)
        {
            case HoconScalar scalar:
                data[prefix] = scalar.Value;
                break;
            case HoconArray array:
                for (var i = 0; i < array.Items.Count; i++)
                    Flatten(array.Items[i], Join(prefix, i.ToString(CultureInfo.InvariantCulture)), data);
                break;
            case HoconObject obj:
                foreach (var field in obj._fields.Values)
                    Flatten(field.Value, Join(prefix, field.Name), data);
                break;
        }
    }

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : prefix + ":" + key;
}
