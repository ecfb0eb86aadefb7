using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration;

/// <summary>
/// Finds configuration keys that no setting reads, so a typo (<c>htp.url</c>) stops the start instead
/// of being ignored. The binder's own ErrorOnUnknownConfiguration ignores [ConfigurationKeyName],
/// which every hyphenated key here uses, so the check walks the settings types itself.
/// </summary>
public static class SettingsSchema
{
    /// <param name="configuration">The configuration to check.</param>
    /// <param name="settingsType">The type it binds to.</param>
    /// <param name="ignore">Top-level sections read by something else (Akka's <c>akka</c>), not checked.</param>
    public static string? FirstUnknownKey(IConfiguration configuration, Type settingsType, params string[] ignore)
    {
        foreach (var section in configuration.GetChildren())
        {
            if (ignore.Contains(section.Key, StringComparer.OrdinalIgnoreCase)) continue;
            if (Check(section, settingsType, section.Key) is { } unknown) return unknown;
        }
        return null;
    }

    private static string? Check(IConfigurationSection section, Type owner, string path)
    {
        var property = owner.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(KeyOf(p), section.Key, StringComparison.OrdinalIgnoreCase));
        if (property is null) return path;
        return CheckValue(section, property.PropertyType, path);
    }

    private static string? CheckValue(IConfigurationSection section, Type type, string path)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0) return null; // a scalar (or an empty object): the binder checks its form
        if (type != typeof(string) && type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } enumerable)
        {
            var element = enumerable.GetGenericArguments()[0];
            foreach (var item in children)
            {
                if (!int.TryParse(item.Key, out _)) return $"{path}.{item.Key}";
                if (CheckValue(item, element, $"{path}[{item.Key}]") is { } unknown) return unknown;
            }
            return null;
        }
        if (type.IsPrimitive || type == typeof(string) || type == typeof(TimeSpan) || typeof(IEnumerable).IsAssignableFrom(type)) return $"{path}.{children[0].Key}";
        foreach (var child in children)
            if (Check(child, type, $"{path}.{child.Key}") is { } unknown) return unknown;
        return null;
    }

    private static string KeyOf(PropertyInfo property) =>
        property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
}
