using Charger.Tests.TestKit;

namespace Charger.Tests.Host.Cli;

/// <summary><c>charger run</c> with <c>persistence.provider = postgres</c> when the server is not there, as the built executable.</summary>
public sealed class RunWithPostgresTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-run-pg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task An_unreachable_server_fails_the_start_naming_the_setting_and_never_the_password()
    {
        // A unix socket directory that does not exist: refused at once, no network involved.
        var nowhere = Path.Combine(_dir, "no-server");
        var (exit, stdout, stderr) = await ChargerExecutable.RunAsync(_dir, new Dictionary<string, string>
        {
            ["CHARGER_DATA_DIR"] = Path.Combine(_dir, "data"),
            ["CHARGER_API_KEY"] = "control-key-0123456789abcdef",
            ["CHARGER_POSTGRES"] = $"Host={nowhere};Port=5432;Username=charger;Password=hunter2-secret;Database=charger;Timeout=5",
        }, "run", "--set", "persistence.provider=postgres");

        Assert.Equal(69, exit);
        Assert.Contains("persistence.postgres.connection-string", stderr, StringComparison.Ordinal);
        Assert.Contains($"{nowhere}:5432/charger as charger", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", stderr + stdout, StringComparison.Ordinal);
    }
}
