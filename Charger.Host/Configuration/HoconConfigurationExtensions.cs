using System.Text;
using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration;

/// <summary>
/// Adds HOCON, parsed by Akka.NET (<see cref="HoconReader"/>), to a configuration builder. Each also registers
/// <see cref="HoconConverters"/>, so that the durations, sizes and switches a HOCON file is written with bind to
/// TimeSpan, long and bool options.
/// </summary>
public static class HoconConfigurationExtensions
{
    /// <summary>Adds the HOCON file at <paramref name="path"/>, relative to the builder's base path unless rooted.</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false, bool reloadOnChange = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.AddHoconFile(source =>
        {
            source.Path = path;
            source.Optional = optional;
            source.ReloadOnChange = reloadOnChange;
        });
    }

    /// <summary>Adds a HOCON file configured by <paramref name="configure"/>.</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, Action<HoconConfigurationSource> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        HoconConverters.Register();
        return builder.Add<HoconConfigurationSource>(source =>
        {
            configure(source);
            // A rooted path gets a provider on its own folder; the builder's default provider would not find it.
            source.ResolveFileProvider();
        });
    }

    /// <summary>Adds HOCON read from <paramref name="stream"/> when the configuration is built.</summary>
    public static IConfigurationBuilder AddHoconStream(this IConfigurationBuilder builder, Stream stream, string sourceName = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stream);
        HoconConverters.Register();
        return builder.Add<HoconStreamConfigurationSource>(source =>
        {
            source.Stream = stream;
            source.SourceName = sourceName;
        });
    }

    /// <summary>Adds HOCON text; errors name it <paramref name="sourceName"/>.</summary>
    public static IConfigurationBuilder AddHoconString(this IConfigurationBuilder builder, string text, string sourceName = "<string>")
    {
        ArgumentNullException.ThrowIfNull(text);
        return builder.AddHoconStream(new MemoryStream(Encoding.UTF8.GetBytes(text)), sourceName);
    }
}
