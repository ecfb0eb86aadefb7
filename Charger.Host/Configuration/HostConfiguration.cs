using Akka.Configuration;
using Charger.Host.Configuration.Settings;
using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration;

/// <summary>
/// Builds the daemon's configuration, later sources winning: the HOCON file (<c>--config</c>), the
/// one-charger shortcuts (<c>CHARGER_SERIAL_PORT</c>, <c>CHARGER_HTTP_URL</c>, <c>CHARGER_DATA_DIR</c>),
/// <c>CHARGER__SECTION__KEY</c> environment variables, then <c>--set key=value</c> on the command line.
/// Without a file the built-in defaults apply (they are the values documented in hocon/charger.conf).
/// The file is parsed by Akka.NET (<see cref="HoconReader"/>), and its <c>akka</c> section, with the same
/// overrides, is for the ActorSystem (<see cref="ActorSystemConfig"/>).
/// </summary>
public static class HostConfiguration
{
    /// <summary>Single-underscore variables an installer sets for a one-charger station, and the keys they set.</summary>
    public static readonly IReadOnlyDictionary<string, string> Shortcuts = new Dictionary<string, string>
    {
        ["CHARGER_SERIAL_PORT"] = "chargers:0:serial:port",
        ["CHARGER_HTTP_URL"] = "http:url",
        ["CHARGER_DATA_DIR"] = "data-dir",
        // A secret (it may carry the password), so it belongs in the environment file rather than the config,
        // with or without a config file that substitutes it.
        ["CHARGER_POSTGRES"] = "persistence:postgres:connection-string",
        // The site certificate's password: a secret, like the PostgreSQL connection string.
        ["CHARGER_CLUSTER_TLS_PASSWORD"] = "cluster:tls:password",
    };

    /// <summary>The environment variable whose value becomes an extra API key with the control role.</summary>
    public const string ApiKeyVariable = "CHARGER_API_KEY";

    /// <summary>The file's section that configures Akka.NET: handed to the ActorSystem (<see cref="ActorSystemConfig"/>),
    /// not bound to <see cref="HostSettings"/>.</summary>
    public const string AkkaSection = "akka";

    /// <exception cref="ConfigurationException">The file is missing or does not parse (key <c>--config</c>), or a
    /// <c>--set</c> is malformed.</exception>
    public static IConfigurationRoot Build(string? configPath, IEnumerable<string> overrides, IReadOnlyDictionary<string, string> environment)
    {
        string? Lookup(string name) => environment.TryGetValue(name, out var value) ? value : null;
        var builder = new ConfigurationBuilder();
        if (configPath is not null)
        {
            var full = Path.GetFullPath(configPath);
            if (!File.Exists(full)) throw new ConfigurationException("--config", $"The config file {full} does not exist.");
            builder.AddHoconFile(source =>
            {
                source.Path = full;
                source.Environment = Lookup; // for key = ${?NAME} lines of files written for an earlier release
            });
        }
        else
        {
            HoconConverters.Register(); // durations, sizes and switches bind from every source, not only from a file
        }

        var shortcuts = Shortcuts
            .Select(s => (s.Value, Value: Lookup(s.Key)))
            .Where(s => !string.IsNullOrEmpty(s.Value))
            .ToDictionary(s => s.Item1, s => s.Value);
        builder.AddInMemoryCollection(shortcuts);
        builder.AddInMemoryCollection(DoubleUnderscoreVariables(environment));
        builder.AddInMemoryCollection(ParseOverrides(overrides));
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException e) when (e.InnerException is ConfigurationException parse)
        {
            throw parse;
        }
    }

    /// <summary>
    /// The whole configuration as Akka.NET's <see cref="Config"/>: the HOCON file as Akka parsed it (arrays and
    /// objects as written), with every later source applied on top in order, key by key: the one-charger
    /// shortcuts, <c>CHARGER__SECTION__KEY</c> variables and <c>--set</c>. A key is matched to the file's without
    /// case; one the file lacks is added as the source spells it (environment variables in lower case).
    /// </summary>
    /// <param name="configuration">What <see cref="Build"/> returned.</param>
    public static Config ToAkkaConfig(IConfigurationRoot configuration) => AkkaConfig.From(configuration);

    /// <summary>
    /// Only the <c>akka { }</c> section of <see cref="ToAkkaConfig"/>, still under the key <c>akka</c>, as the
    /// ActorSystem reads it (Akka.Hosting: <c>builder.AddHocon(HostConfiguration.ActorSystemConfig(configuration),
    /// HoconAddMode.Prepend)</c>); empty when the file and the overrides set nothing under <c>akka</c>. Akka's own
    /// defaults apply to everything not set here.
    /// </summary>
    /// <remarks><c>ToAkkaConfig(...).GetConfig("akka")</c> would drop the <c>akka.</c> prefix (an ActorSystem given
    /// it reads none of it) and is null when there is no such section.</remarks>
    public static Config ActorSystemConfig(IConfigurationRoot configuration) =>
        ToAkkaConfig(configuration).GetConfig(AkkaSection) is { IsEmpty: false } akka
            ? akka.Root.AtKey(AkkaSection)
            : ConfigurationFactory.Empty;

    /// <summary>Binds and checks every value; the message of a failure names the key and the expected form.
    /// The <c>akka</c> section is Akka.NET's, read by the ActorSystem, and not checked here.</summary>
    public static HostSettings Bind(IConfiguration configuration)
    {
        if (SettingsSchema.FirstUnknownKey(configuration, typeof(HostSettings), ignore: AkkaSection) is { } unknown)
            throw new ConfigurationException(unknown, $"Unknown setting '{unknown}': check its spelling against hocon/charger.conf.");
        var settings = new HostSettings();
        try
        {
            configuration.Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            throw Explain(e);
        }
        return settings;
    }

    // The binder says "Failed to convert configuration value '5 parsecs' at 'link:poll-interval' to type
    // 'System.TimeSpan'", or names unknown keys; turn that into the file's spelling and the form we expect.
    private static ConfigurationException Explain(InvalidOperationException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var key = ExtractQuoted(e.Message, "at '") ?? "?";
        var dotted = key.Replace(':', '.').ToLowerInvariant(); // the binder spells sections by property name
        var expected = e.Message.Contains("System.TimeSpan", StringComparison.Ordinal) ? $" Expected a duration: {HoconDuration.ExpectedForm}."
            : e.Message.Contains("System.Int", StringComparison.Ordinal) ? " Expected a whole number."
            : e.Message.Contains("System.Boolean", StringComparison.Ordinal) ? " Expected on or off."
            : e.Message.Contains("System.Double", StringComparison.Ordinal) ? " Expected a number."
            : "";
        return new ConfigurationException(dotted, $"{dotted}: {message}.{expected}", e);
    }

    private static string? ExtractQuoted(string text, string marker)
    {
        var start = text.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0) return null;
        start += marker.Length;
        var end = text.IndexOf('\'', start);
        return end < 0 ? null : text[start..end];
    }

    private static Dictionary<string, string?> DoubleUnderscoreVariables(IReadOnlyDictionary<string, string> environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in environment)
        {
            if (!name.StartsWith("CHARGER__", StringComparison.OrdinalIgnoreCase)) continue;
            // Variables are written in upper case, settings (ours and Akka's) in lower case. Configuration keys
            // ignore case, but Akka's do not: CHARGER__AKKA__LOGLEVEL must reach akka.loglevel.
            values[name["CHARGER__".Length..].Replace("__", ":", StringComparison.Ordinal).ToLowerInvariant()] = value;
        }
        return values;
    }

    /// <summary>The process environment as the builder takes it.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment() =>
        System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);

    private static Dictionary<string, string?> ParseOverrides(IEnumerable<string> overrides)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in overrides)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new ConfigurationException("--set", $"--set takes key=value (for example http.url=http://0.0.0.0:8000), got '{item}'.");
            values[item[..equals].Trim().Replace('.', ':')] = item[(equals + 1)..];
        }
        return values;
    }
}
