using Charger.Tests.TestKit;

namespace Charger.Tests.Host.Configuration;

/// <summary><c>charger check-config</c> on files Akka.NET parses, as an operator runs it: exit code and message.</summary>
public sealed class CheckConfigTests : IDisposable
{
    private static readonly Dictionary<string, string> s_key = new() { ["CHARGER_API_KEY"] = "0123456789abcdef0123" };

    private readonly string _dir = Directory.CreateTempSubdirectory("charger-check-").FullName;

    private async Task<(int Exit, string Out, string Err)> CheckConfig(string conf, Dictionary<string, string>? env = null)
    {
        var path = Path.Combine(_dir, "charger.conf");
        await File.WriteAllTextAsync(path, conf);
        return await ChargerExecutable.RunAsync(_dir, new Dictionary<string, string>(s_key.Concat(env ?? [])), "check-config", "--config", path);
    }

    [Fact]
    public async Task A_syntax_error_exits_78_with_the_file_line_and_column()
    {
        var (exit, _, stderr) = await CheckConfig("link {\n  poll-interval = 2s\n}\n}\nhttp.url = \"http://127.0.0.1:9000\"\n");

        Assert.Equal(78, exit);
        Assert.Contains($"charger: configuration error in --config: {Path.Combine(_dir, "charger.conf")}:4:1: unexpected '}}': nothing is open here", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_old_environment_substitution_on_its_own_line_is_read_from_the_environment_and_any_other_exits_78()
    {
        const string Conf = "http {\n  url = \"http://127.0.0.1:9000\"\n  url = ${?OLD_URL}\n}\n";
        var (exit, stdout, stderr) = await CheckConfig(Conf);
        Assert.True(exit == 0, stderr);
        Assert.Contains("HTTP on http://127.0.0.1:9000", stdout, StringComparison.Ordinal);

        (exit, stdout, stderr) = await CheckConfig(Conf, new() { ["OLD_URL"] = "http://0.0.0.0:9100" });
        Assert.True(exit == 0, stderr);
        Assert.Contains("HTTP on http://0.0.0.0:9100", stdout, StringComparison.Ordinal);

        (exit, _, stderr) = await CheckConfig("http { url = ${?OLD_URL} }\n");
        Assert.Equal(78, exit);
        Assert.Contains("charger.conf:1:14: '${?OLD_URL}' is read only as a setting's whole value on a line of its own", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_with_an_akka_section_is_valid_and_a_bad_value_beside_it_exits_78_naming_the_key()
    {
        var (exit, stdout, stderr) = await CheckConfig("akka { loglevel = DEBUG }\nhttp.url = \"http://127.0.0.1:9000\"\n");
        Assert.True(exit == 0, stderr);
        Assert.Contains("HTTP on http://127.0.0.1:9000", stdout, StringComparison.Ordinal);

        (exit, _, stderr) = await CheckConfig("akka { loglevel = DEBUG }\nhttp.public-reads = sometimes\n");
        Assert.Equal(78, exit);
        Assert.Contains("configuration error in http.public-reads", stderr, StringComparison.Ordinal);
        Assert.Contains("'sometimes' is not a switch", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_otlp_endpoint_that_is_no_http_url_exits_78_naming_the_key()
    {
        var (exit, _, stderr) = await CheckConfig("metrics.otlp.endpoint = \"http://127.0.0.1:4318\"\n");
        Assert.True(exit == 0, stderr);

        (exit, _, stderr) = await CheckConfig("metrics { otlp { endpoint = \"collector:4318\" } }\n");
        Assert.Equal(78, exit);
        Assert.Contains("configuration error in metrics.otlp.endpoint", stderr, StringComparison.Ordinal);
        Assert.Contains("must be an absolute http or https URL like http://collector:4318, got 'collector:4318'", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
