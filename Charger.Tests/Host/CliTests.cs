using Charger.Tests.TestKit;

namespace Charger.Tests.Host;

/// <summary>The built executable, as an installer runs it: exit codes and what it prints.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-cli-").FullName;

    private Task<(int Exit, string Out, string Err)> RunCharger(Dictionary<string, string>? env, params string[] args) =>
        ChargerExecutable.RunAsync(_dir, env, args);

    [Fact]
    public async Task Check_config_accepts_the_documented_file_with_a_key()
    {
        var conf = Configuration.ChargerConfTests.RepositoryFile("hocon", "charger.conf");
        var (exit, stdout, stderr) = await RunCharger(new() { ["CHARGER_API_KEY"] = "0123456789abcdef0123" }, "check-config", "--config", conf);
        Assert.True(exit == 0, stderr);
        Assert.Contains("Configuration is valid: 1 charger(s)", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef0123", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_value_exits_78_naming_the_key_and_the_expected_form()
    {
        var (exit, _, stderr) = await RunCharger(new() { ["CHARGER_API_KEY"] = "0123456789abcdef0123" }, "check-config", "--set", "link.poll-interval=5parsecs");
        Assert.Equal(78, exit);
        Assert.Contains("link.poll-interval", stderr, StringComparison.Ordinal);
        Assert.Contains("duration", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_without_any_api_key_is_refused_with_78()
    {
        var (exit, _, stderr) = await RunCharger(null, "run", "--set", "http.url=http://127.0.0.1:0");
        Assert.Equal(78, exit);
        Assert.Contains("security.api-keys", stderr, StringComparison.Ordinal);
        Assert.Contains("CHARGER_API_KEY", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_dir_that_cannot_be_created_exits_78_naming_the_key()
    {
        var file = Path.Combine(_dir, "not-a-folder");
        await File.WriteAllTextAsync(file, "");
        var (exit, _, stderr) = await RunCharger(new() { ["CHARGER_API_KEY"] = "0123456789abcdef0123", ["CHARGER_DATA_DIR"] = Path.Combine(file, "data") },
            "run", "--set", "http.url=http://127.0.0.1:0");
        Assert.Equal(78, exit);
        Assert.Contains("data-dir", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        TestLogArchive.Keep(_dir);
        Directory.Delete(_dir, recursive: true);
    }
}
