using Akka.Configuration;
using Akka.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration;

/// <summary>Builds <see cref="HostConfiguration.ToAkkaConfig"/>: a configuration's providers, in order, onto one
/// Akka.NET HOCON tree.</summary>
internal static class AkkaConfig
{
    public static Config From(IConfigurationRoot configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var root = new HoconValue();
        root.NewValue(new HoconObject());
        foreach (var provider in configuration.Providers)
        {
            if (provider is IHoconConfigurationProvider hocon)
            {
                // Merged as a tree, so arrays stay arrays; copied, so the provider's own tree is never changed.
                if (hocon.Config is { } parsed)
                    root.GetObject().Merge(Copy(parsed.Root).GetObject());
                continue;
            }

            foreach (var (key, value) in Leaves(provider, parentPath: null))
                Set(root, key.Split(ConfigurationPath.KeyDelimiter), value);
        }

        return new Config(new HoconRoot(root));
    }

    /// <summary>A deep copy with substitutions replaced by what they resolved to (the file is free of cycles:
    /// <see cref="HoconReader"/> refused them).</summary>
    private static HoconValue Copy(HoconValue value)
    {
        var copy = new HoconValue();
        if (value.IsObject())
        {
            var obj = new HoconObject();
            foreach (var (key, item) in value.GetObject().Items)
                obj.Items[key] = Copy(item);
            copy.NewValue(obj);
        }
        else if (value.IsString())
        {
            copy.NewValue(new HoconLiteral { Value = value.GetString() ?? "null" });
        }
        else if (value.Values.Count > 0)
        {
            // An array, possibly empty (which Akka's IsArray calls no array).
            var array = new HoconArray();
            array.AddRange(value.GetArray().Select(Copy));
            copy.NewValue(array);
        }

        return copy;
    }

    /// <summary>Sets the value at <paramref name="path"/>: keys match without case, a number indexes an array (one
    /// past its end appends), and a scalar or array in the way of a key becomes an object, as in configuration.</summary>
    private static void Set(HoconValue root, string[] path, string? value)
    {
        var current = root;
        foreach (var part in path)
        {
            if (current.Values is [HoconArray array] && int.TryParse(part, out var index) && index >= 0 && index <= array.Count)
            {
                if (index == array.Count)
                    array.Add(new HoconValue());
                current = array[index];
                continue;
            }

            if (!current.IsObject())
                current.NewValue(new HoconObject());
            var obj = current.GetObject();
            var key = obj.Items.Keys.FirstOrDefault(k => string.Equals(k, part, StringComparison.Ordinal))
                ?? obj.Items.Keys.FirstOrDefault(k => string.Equals(k, part, StringComparison.OrdinalIgnoreCase))
                ?? part;
            current = obj.GetOrCreateKey(key);
        }

        current.NewValue(new HoconLiteral { Value = value ?? "null" });
    }

    /// <summary>Every key of <paramref name="provider"/> that holds a value, with its value.</summary>
    private static IEnumerable<(string Key, string? Value)> Leaves(IConfigurationProvider provider, string? parentPath)
    {
        foreach (var child in provider.GetChildKeys([], parentPath).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var path = parentPath is null ? child : ConfigurationPath.Combine(parentPath, child);
            if (provider.TryGet(path, out var value))
                yield return (path, value);
            foreach (var leaf in Leaves(provider, path))
                yield return leaf;
        }
    }
}
