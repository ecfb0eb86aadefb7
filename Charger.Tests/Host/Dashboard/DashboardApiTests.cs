using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Charger.Host.Dashboard;
using Charger.Tests.Host.EndToEnd;
using Microsoft.Extensions.FileProviders;

namespace Charger.Tests.Host.Dashboard;

/// <summary>
/// What the dashboard is made of, over HTTP on the real daemon: its files at / with the security headers, its size,
/// and the two routes it added (the serial frames and the system information).
/// </summary>
public sealed class DashboardApiTests(DashboardApiTests.Daemon fixture) : IClassFixture<DashboardApiTests.Daemon>
{
    public sealed class Daemon : IAsyncLifetime
    {
        public RunningDaemon Running { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Running = await RunningDaemon.StartAsync();
            await Running.AwaitStateAsync(1);
        }

        public async Task DisposeAsync() => await Running.DisposeAsync();
    }

    private RunningDaemon D => fixture.Running;

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/js/app.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    public async Task The_dashboard_is_served_without_a_key_with_headers_that_allow_only_its_own_origin(string path, string type)
    {
        using var response = await D.Anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task An_api_key_is_still_needed_for_the_data_behind_the_pages()
    {
        using var response = await D.Anonymous.GetAsync("/api/chargers");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var missing = await D.Anonymous.GetAsync("/no-such-page.html");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public void The_whole_dashboard_is_under_300_KB_compressed_and_loads_nothing_from_elsewhere()
    {
        var files = All(DashboardFiles.Files, "/").ToList();
        Assert.Contains(files, f => f.Path == "/index.html");
        Assert.Contains(files, f => f.Path == "/js/pages/site.js");
        long compressed = 0;
        foreach (var (path, file) in files)
        {
            using var read = file.CreateReadStream();
            using var buffer = new MemoryStream();
            read.CopyTo(buffer);
            using var gzipped = new MemoryStream();
            using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(buffer.ToArray());
            compressed += gzipped.Length;
            // The only absolute address allowed is the SVG namespace, which is a name, not a request.
            var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
            var external = Regex.Matches(text, @"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", RegexOptions.IgnoreCase)
                .Select(m => m.Value).Where(v => v != "http://www.w3.org").ToList();
            Assert.True(external.Count == 0, $"{path} refers to {string.Join(", ", external)}");
        }
        Assert.True(compressed < 300 * 1024, $"{compressed} bytes compressed");
    }

    [Fact]
    public async Task The_frames_route_shows_what_the_ESP32_said_and_what_we_wrote_decoded()
    {
        // The daemon polls every second: a few polls make sure both directions are in the recorder.
        await RunningDaemon.AwaitAsync(async () =>
        {
            var frames = await FramesAsync("?limit=10");
            return frames.Any(f => f.GetProperty("direction").GetString() == "tx") && frames.Any(f => f.GetProperty("kind").GetString() == "STAT");
        }, "a command and a STAT in the flight recorder");
        var all = await FramesAsync("?limit=10");
        Assert.InRange(all.Count, 2, 10);
        var stat = all.Last(f => f.GetProperty("kind").GetString() == "STAT");
        Assert.Equal("rx", stat.GetProperty("direction").GetString());
        Assert.StartsWith("<STAT;", stat.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("1", stat.GetProperty("fields").GetProperty("STATE").GetString());
        var poll = all.Last(f => f.GetProperty("direction").GetString() == "tx");
        Assert.Equal("ReadStatus", poll.GetProperty("kind").GetString());
        Assert.Equal("41 00 2C 00 10", poll.GetProperty("text").GetString());
        var times = all.Select(f => f.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.InRange(DateTimeOffset.UtcNow - times[^1], TimeSpan.Zero, TimeSpan.FromSeconds(30));

        Assert.Single(await FramesAsync("?limit=1"));
        using var zero = await D.Reader.GetAsync("/api/chargers/cp-1/frames?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal("VALIDATION_FAILED", (await zero.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString());
        using var unknown = await D.Reader.GetAsync("/api/chargers/nope/frames");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var anonymous = await D.Anonymous.GetAsync("/api/chargers/cp-1/frames");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_system_information_names_version_uptime_log_and_simulator()
    {
        using var response = await D.Reader.GetAsync("/api/system/info");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        var data = body.GetProperty("data");
        Assert.Matches(@"^\d+\.\d+\.\d+", data.GetProperty("version").GetString());
        Assert.True(data.GetProperty("uptime_seconds").GetDouble() >= 0);
        Assert.True(data.GetProperty("simulator").GetBoolean());
        Assert.False(data.GetProperty("public_reads").GetBoolean());
        Assert.Equal("cp-1", data.GetProperty("chargers")[0].GetString());
        if (D.Options.Settings.Logging.File.Enabled)
            Assert.Equal(Path.Combine(D.DataDirectory, "logs", "charger.json"), data.GetProperty("log_file").GetString());
        else
            Assert.Equal(JsonValueKind.Null, data.GetProperty("log_file").ValueKind);
        using var anonymous = await D.Anonymous.GetAsync("/api/system/info");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private async Task<List<JsonElement>> FramesAsync(string query)
    {
        using var response = await D.Reader.GetAsync($"/api/chargers/cp-1/frames{query}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return [.. body.GetProperty("data").GetProperty("frames").EnumerateArray().Select(f => f.Clone())];
    }

    private static IEnumerable<(string Path, IFileInfo File)> All(IFileProvider files, string folder)
    {
        foreach (var entry in files.GetDirectoryContents(folder))
        {
            var path = folder.TrimEnd('/') + "/" + entry.Name;
            if (entry.IsDirectory)
                foreach (var inner in All(files, path)) yield return inner;
            else
                yield return (path, entry);
        }
    }
}
