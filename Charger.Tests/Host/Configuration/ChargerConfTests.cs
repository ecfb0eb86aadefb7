using System.Text.Json;
using Charger.Host.Configuration;
using Charger.Host.Configuration.Settings;

namespace Charger.Tests.Host.Configuration;

/// <summary>hocon/charger.conf documents the defaults: it must bind to exactly what the code uses without it.</summary>
public sealed class ChargerConfTests
{
    public static string RepositoryFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Charger.sln"))) dir = dir.Parent;
        return Path.Combine([dir!.FullName, .. parts]);
    }

    [Fact]
    public void The_documented_file_binds_to_exactly_the_built_in_defaults()
    {
        var fromFile = HostConfiguration.Bind(HostConfiguration.Build(RepositoryFile("hocon", "charger.conf"), [], new Dictionary<string, string>()));
        var builtIn = HostConfiguration.Bind(HostConfiguration.Build(null, [], new Dictionary<string, string>()));
        Assert.Equal(JsonSerializer.Serialize(new HostSettings()), JsonSerializer.Serialize(builtIn));
        Assert.Equal(JsonSerializer.Serialize(builtIn), JsonSerializer.Serialize(fromFile));
    }

    [Fact]
    public void The_files_environment_substitutions_are_the_installers_shortcuts()
    {
        var env = new Dictionary<string, string> { ["CHARGER_DATA_DIR"] = "/var/lib/charger", ["CHARGER_HTTP_URL"] = "http://0.0.0.0:8080" };
        var settings = HostConfiguration.Bind(HostConfiguration.Build(RepositoryFile("hocon", "charger.conf"), [], env));
        Assert.Equal("/var/lib/charger", settings.DataDir);
        Assert.Equal("http://0.0.0.0:8080", settings.Http.Url);
    }
}
