using System.Text.Json;
using Charger.Host.Configuration;
using Charger.Host.Configuration.Settings;
using Charger.Tests.TestKit;

namespace Charger.Tests.Host.Configuration;

/// <summary>
/// Stations upgrade in place, keeping /etc/charger/charger.conf: a copy of the previous release's template
/// (Fixtures/charger-previous-release.conf, hocon/charger.conf at d2aff6c), with its <c>key = ${?CHARGER_*}</c>
/// lines. It must bind as that release bound it: the variable's value if set, else the default. (That release's
/// check-config on this file said "HTTP on http://127.0.0.1:8000, data in {working directory}/data" without the variables and
/// "HTTP on http://0.0.0.0:8080, data in /var/lib/charger" with them.)
/// </summary>
public sealed class PreviousReleaseConfTests : IDisposable
{
    private static readonly string s_conf = Path.Combine(AppContext.BaseDirectory, "Host", "Configuration", "Fixtures", "charger-previous-release.conf");

    private readonly string _dir = Directory.CreateTempSubdirectory("charger-previous-").FullName;

    /// <summary>A connection string with characters that need escaping in a HOCON quoted string.</summary>
    private const string Postgres = "Host=db;Username=charger;Password=p\"w\\d;Database=charger";

    private Dictionary<string, string> Variables() => new()
    {
        ["CHARGER_DATA_DIR"] = Path.Combine(_dir, "data"),
        ["CHARGER_HTTP_URL"] = "http://0.0.0.0:8080",
        ["CHARGER_POSTGRES"] = Postgres,
    };

    [Fact]
    public void The_fixture_is_the_previous_releases_template_with_its_optional_substitutions()
    {
        var text = File.ReadAllText(s_conf);
        Assert.Contains("data-dir = ${?CHARGER_DATA_DIR}", text, StringComparison.Ordinal);
        Assert.Contains("url = ${?CHARGER_HTTP_URL}", text, StringComparison.Ordinal);
        Assert.Contains("connection-string = ${?CHARGER_POSTGRES}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_variables_it_binds_to_the_defaults()
    {
        var configuration = HostConfiguration.Build(s_conf, [], new Dictionary<string, string>());

        Assert.Equal(JsonSerializer.Serialize(new HostSettings()), JsonSerializer.Serialize(HostConfiguration.Bind(configuration)));
        // The file itself: each key keeps the value above its ${?...} line, or is not set at all.
        var file = configuration.Providers.First();
        Assert.True(file.TryGet("data-dir", out var dataDir) && dataDir == "data");
        Assert.True(file.TryGet("http:url", out var url) && url == "http://127.0.0.1:8000");
        Assert.False(file.TryGet("persistence:postgres:connection-string", out _));
        Assert.Equal("5", configuration["logging:file:retained-files"]); // nothing after a ${?...} line was dropped
    }

    [Fact]
    public void With_the_variables_the_file_takes_their_values()
    {
        var env = Variables();
        var configuration = HostConfiguration.Build(s_conf, [], env);

        var settings = HostConfiguration.Bind(configuration);
        Assert.Equal((env["CHARGER_DATA_DIR"], "http://0.0.0.0:8080", Postgres),
            (settings.DataDir, settings.Http.Url, settings.Persistence.Postgres.ConnectionString));
        var expected = new HostSettings { DataDir = env["CHARGER_DATA_DIR"] };
        expected.Http.Url = "http://0.0.0.0:8080";
        expected.Persistence.Postgres.ConnectionString = Postgres;
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(settings));

        // Read from the file's own lines, not only from the shortcuts applied after it.
        var file = configuration.Providers.First();
        Assert.True(file.TryGet("data-dir", out var dataDir) && dataDir == env["CHARGER_DATA_DIR"]);
        Assert.True(file.TryGet("http:url", out var url) && url == "http://0.0.0.0:8080");
        Assert.True(file.TryGet("persistence:postgres:connection-string", out var postgres) && postgres == Postgres);
    }

    [Fact]
    public async Task Check_config_accepts_it_with_and_without_the_variables()
    {
        var key = new Dictionary<string, string> { ["CHARGER_API_KEY"] = "0123456789abcdef0123" };

        var (exit, stdout, stderr) = await ChargerExecutable.RunAsync(_dir, key, "check-config", "--config", s_conf);
        Assert.True(exit == 0, stderr);
        Assert.Contains($"HTTP on http://127.0.0.1:8000, data in {Path.Combine(_dir, "data")}", stdout, StringComparison.Ordinal);

        var env = new Dictionary<string, string>(Variables().Concat(key));
        (exit, stdout, stderr) = await ChargerExecutable.RunAsync(_dir, env, "check-config", "--config", s_conf);
        Assert.True(exit == 0, stderr);
        Assert.Contains($"HTTP on http://0.0.0.0:8080, data in {env["CHARGER_DATA_DIR"]}", stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
