using System.Reflection;
using System.Text.RegularExpressions;
using Charger.Host.Configuration.Settings;
using Charger.Tests.Host.Configuration;
using Charger.Tests.TestKit;
using Microsoft.Extensions.Configuration;

namespace Charger.Tests.Docs;

/// <summary>
/// docs/operator-guide.md names only what exists: every <c>charger &lt;command&gt;</c> it shows is a command of the built
/// program, with the options the guide gives it, and every setting key in backticks is a key the configuration binds.
/// </summary>
public sealed partial class OperatorGuideTests
{
    private static readonly string Guide = File.ReadAllText(ChargerConfTests.RepositoryFile("docs", "operator-guide.md"));

    /// <summary><c>charger &lt;command&gt; [--option ...]</c> in code; overlapping, so <c>sudo -u charger charger run</c> yields <c>run</c>.</summary>
    [GeneratedRegex(@"(?<=^|\s)charger (?=(?<command>[a-z][a-z-]+)(?<rest>[^\n]*))", RegexOptions.Multiline)]
    private static partial Regex CommandLine();

    /// <summary>The guide's code: fenced blocks and inline spans, where commands are shown to be typed.</summary>
    [GeneratedRegex(@"```[a-z]*\n(?<code>.*?)```|`(?<code>[^`\n]+)`", RegexOptions.Singleline)]
    private static partial Regex Code();

    [GeneratedRegex(@"(?<!\S)--(?<option>[a-z][a-z-]*)")]
    private static partial Regex OptionName();

    /// <summary>A dotted key in backticks (<c>http.public-reads</c>, <c>chargers[].serial.port</c>), with or without <c> = value</c>.</summary>
    [GeneratedRegex(@"`(?<key>[a-z][a-z0-9-]*(?:\[\])?(?:\.[a-z][a-z0-9-]*(?:\[\])?)+)(?: = [^`]+)?`")]
    private static partial Regex SettingKey();

    /// <summary>The user name before the program's: <c>sudo -u charger charger ...</c>.</summary>
    private static readonly HashSet<string> NotCommands = ["charger"];

    private static readonly string[] FileSuffixes = [".db", ".json", ".conf", ".service", ".rules", ".env", ".md", ".deb", ".timer", ".example"];

    [Fact]
    public async Task Every_charger_command_in_the_guide_exists_with_the_options_it_is_given()
    {
        var code = string.Join("\n", Code().Matches(Guide).Select(m => m.Groups["code"].Value));
        var commands = CommandLine().Matches(code)
            .Select(m => (Command: m.Groups["command"].Value, Options: OptionName().Matches(m.Groups["rest"].Value).Select(o => o.Groups["option"].Value).ToList()))
            .Where(c => !NotCommands.Contains(c.Command))
            .GroupBy(c => c.Command)
            .ToDictionary(g => g.Key, g => g.SelectMany(c => c.Options).Distinct().ToList());
        Assert.Superset(new HashSet<string> { "run", "check-config", "backup", "migrate-from-predecessor" }, commands.Keys.ToHashSet());

        var dir = Directory.CreateTempSubdirectory("charger-guide-").FullName;
        try
        {
            foreach (var (command, options) in commands)
            {
                var (exit, help, error) = await ChargerExecutable.RunAsync(dir, null, command, "--help");
                Assert.True(exit == 0, $"`charger {command}` in the guide: {error}");
                foreach (var option in options.Where(o => o != "help"))
                    Assert.True(help.Contains($"--{option}", StringComparison.Ordinal), $"`charger {command} --{option}` in the guide, but its help has no --{option}:\n{help}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Every_setting_key_in_the_guide_is_one_the_configuration_binds()
    {
        var topLevel = typeof(HostSettings).GetProperties().Select(KeyOf).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var keys = SettingKey().Matches(Guide).Select(m => m.Groups["key"].Value)
            .Where(k => topLevel.Contains(k.Split('.')[0].TrimEnd('[', ']')) && !FileSuffixes.Any(s => k.EndsWith(s, StringComparison.Ordinal)))
            .Distinct().ToList();
        Assert.True(keys.Count >= 15, $"only {keys.Count} setting keys found in the guide: {string.Join(", ", keys)}");
        Assert.All(keys, key => Assert.True(Binds(key), $"`{key}` in docs/operator-guide.md is not a setting"));
        // and the check itself can fail: a typo is not a setting.
        Assert.False(Binds("http.public-read"));
        Assert.False(Binds("chargers[].serial.ports"));
    }

    /// <summary>Walks the settings types by their configuration names; <c>[]</c> (or nothing) steps into a list's elements.</summary>
    private static bool Binds(string key)
    {
        var type = typeof(HostSettings);
        foreach (var raw in key.Split('.'))
        {
            var name = raw.TrimEnd('[', ']');
            var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => string.Equals(KeyOf(p), name, StringComparison.OrdinalIgnoreCase));
            if (property is null) return false;
            type = property.PropertyType;
            if (type != typeof(string) && type.GetInterfaces().Append(type)
                    .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } list)
                type = list.GetGenericArguments()[0];
        }
        return true;
    }

    private static string KeyOf(PropertyInfo property) => property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
}
