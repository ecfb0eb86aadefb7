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
    public void Every_section_of_the_documented_file_reaches_the_configuration()
    {
        // Binding to the defaults proves nothing if the parser dropped the file: Akka.NET's would, silently, at the
        // first ${?VARIABLE}. Every section with a value must be there, down to the last key of the file.
        var configuration = HostConfiguration.Build(RepositoryFile("hocon", "charger.conf"), [], new Dictionary<string, string>());
        Assert.Equal(["alerts", "cluster", "commands", "data-dir", "errors", "events", "http", "link", "logging", "mqtt", "ocpp", "persistence", "serial",
                "sessions", "status", "subscribers"],
            configuration.GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal("5", configuration["logging:file:retained-files"]);
        Assert.Equal("600", configuration["http:rate-limit:read-per-minute"]);
        Assert.Equal("auto", configuration["serial:driver"]);
        Assert.Equal("500MiB", configuration["alerts:disk-low:min-free"]);
        Assert.Equal("off", configuration["mqtt:commands"]);
    }

    [Fact]
    public void The_installers_shortcuts_override_the_documented_file()
    {
        var env = new Dictionary<string, string>
        {
            ["CHARGER_DATA_DIR"] = "/var/lib/charger",
            ["CHARGER_HTTP_URL"] = "http://0.0.0.0:8080",
            ["CHARGER_SERIAL_PORT"] = "/dev/ttyACM0",
            ["CHARGER_POSTGRES"] = "Host=db",
        };
        var settings = HostConfiguration.Bind(HostConfiguration.Build(RepositoryFile("hocon", "charger.conf"), [], env));
        Assert.Equal("/var/lib/charger", settings.DataDir);
        Assert.Equal("http://0.0.0.0:8080", settings.Http.Url);
        Assert.Equal("/dev/ttyACM0", Assert.Single(settings.Chargers).Serial.Port);
        Assert.Equal("Host=db", settings.Persistence.Postgres.ConnectionString);
    }
}
