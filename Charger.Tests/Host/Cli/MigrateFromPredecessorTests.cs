using System.Security.Cryptography;
using System.Text;
using Charger.Tests.TestKit;
using Microsoft.Data.Sqlite;

namespace Charger.Tests.Host.Cli;

/// <summary>
/// <c>charger migrate-from-predecessor</c>, the built executable, on a predecessor checkout laid out as on its Pi:
/// <c>.env</c>, <c>api/data/sessions.db</c> (the one it wrote: Fixtures/predecessor-sessions-two-charges.sql) and
/// <c>data/station_info.json</c>, against the package's <c>charger.conf</c>.
/// </summary>
public sealed class MigrateFromPredecessorTests : IDisposable
{
    private const string PredecessorKey = "predecessor-secret-key-9f8e7d6c5b4a";
    private const string NgrokToken = "ngrok-token-that-must-not-be-printed-42";
    private const string StationInfo = """{"station_id":"ST-001","name":"Depot","latitude":41.0,"longitude":29.0,"created_at":"2025-12-01T10:00:00"}""";
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-migrate-").FullName;

    private string Predecessor => Path.Combine(_dir, "ac-charger");
    private string ConfigFile => Path.Combine(_dir, "etc", "charger.conf");
    private string DataDir => Path.Combine(_dir, "var-lib-charger");

    public MigrateFromPredecessorTests()
    {
        Directory.CreateDirectory(Path.Combine(Predecessor, "api", "data"));
        Directory.CreateDirectory(Path.Combine(Predecessor, "data"));
        File.WriteAllText(Path.Combine(Predecessor, ".env"), $"""
            # the predecessor's .env
            X-API-Key="{PredecessorKey}"
            ESP32_PORT=/dev/ttyUSB0
            ESP32_BAUDRATE=115200
            TEST_API_USER_ID=operator-1
            export NGROK_API_KEY='{NgrokToken}'
            CORS_ALLOWED_ORIGINS=*  # everyone
            RATE_LIMIT_CHARGE=10/minute
            this line is not a variable
            """);
        File.WriteAllText(Path.Combine(Predecessor, "data", "station_info.json"), StationInfo);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder
               { DataSource = Path.Combine(Predecessor, "api", "data", "sessions.db"), Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Host", "Cli", "Fixtures", "predecessor-sessions-two-charges.sql"));
            command.ExecuteNonQuery();
        }
        // The package's file, with the data directory of this test.
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        File.WriteAllText(ConfigFile, $"data-dir = \"{DataDir}\"\nhttp {{ url = \"http://127.0.0.1:8000\" }}\n");
    }

    private Task<(int Exit, string Out, string Err)> Charger(params string[] args) =>
        ChargerExecutable.RunAsync(_dir, new Dictionary<string, string> { ["TZ"] = "UTC" }, args);

    [Fact]
    public async Task Migration_writes_the_config_with_the_key_hashed_copies_station_info_imports_sessions_and_a_second_run_changes_nothing()
    {
        var original = File.ReadAllText(ConfigFile);
        var first = await Charger("migrate-from-predecessor", Predecessor, "--config", ConfigFile);
        Assert.True(first.Exit == 0, first.Out + first.Err);

        var config = File.ReadAllText(ConfigFile);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PredecessorKey))), config, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllText(ConfigFile + ".before-migration"));
        Assert.Equal(StationInfo, File.ReadAllText(Path.Combine(DataDir, "station_info.json")));
        Assert.Contains("Imported 2 session(s)", first.Out, StringComparison.Ordinal);
        // What it could not carry over, by name; never a value.
        foreach (var name in new[] { "TEST_API_USER_ID", "NGROK_API_KEY", "CORS_ALLOWED_ORIGINS", "RATE_LIMIT_CHARGE", ".env line 9" })
            Assert.Contains($"  - {name}", first.Out, StringComparison.Ordinal);
        foreach (var output in new[] { first.Out, first.Err, config })
        {
            Assert.DoesNotContain(PredecessorKey, output, StringComparison.Ordinal);
            Assert.DoesNotContain(NgrokToken, output, StringComparison.Ordinal);
        }

        // The written file is what the daemon runs with: the predecessor's key, port, serial port and open reads.
        var check = await Charger("check-config", "--config", ConfigFile);
        Assert.True(check.Exit == 0, check.Out + check.Err);
        Assert.Contains("1 charger(s) (cp-1 on /dev/ttyUSB0), 1 API key(s), HTTP on http://0.0.0.0:8000", check.Out, StringComparison.Ordinal);
        Assert.Contains("public-reads = on", config, StringComparison.Ordinal);

        var files = Snapshot();
        var second = await Charger("migrate-from-predecessor", Predecessor, "--config", ConfigFile);
        Assert.True(second.Exit == 0, second.Out + second.Err);
        Assert.Contains($"Configuration {ConfigFile}: unchanged.", second.Out, StringComparison.Ordinal);
        Assert.Contains("is already the predecessor's", second.Out, StringComparison.Ordinal);
        Assert.Contains("Imported 0 session(s) with 0 event(s)", second.Out, StringComparison.Ordinal);
        Assert.Contains("2 already present", second.Out, StringComparison.Ordinal);
        Assert.Equal(files, Snapshot());
    }

    [Fact]
    public async Task A_folder_without_a_dotenv_is_refused_and_nothing_is_written()
    {
        File.Delete(Path.Combine(Predecessor, ".env"));
        var before = Snapshot();
        var result = await Charger("migrate-from-predecessor", Predecessor, "--config", ConfigFile);
        Assert.Equal(66, result.Exit);
        Assert.Contains("there is no .env in", result.Err, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.False(Directory.Exists(DataDir));
    }

    /// <summary>The config and station info files (path and content): what a second run must leave as it was.</summary>
    private string Snapshot() => string.Join("\n", new[] { ConfigFile, ConfigFile + ".before-migration", Path.Combine(DataDir, "station_info.json") }
        .Select(f => $"{f}: {(File.Exists(f) ? File.ReadAllText(f) : "(none)")}"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
