using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Charger.Tests.Host.Logging;

/// <summary>
/// A STAT frame every second (and a status poll every second) must not write a line every second: an
/// idle daemon at Information writes its start-up lines and then next to nothing.
/// </summary>
public sealed class LogVolumeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_idle_daemon_at_information_writes_its_start_up_lines_and_then_nothing_per_frame()
    {
        await using var host = await LoggingHost.StartAsync(s => s.Logging.Level = "Information");
        await Task.Delay(TimeSpan.FromSeconds(1)); // start-up: link up, first status
        var startUp = host.FileLines().Count;
        await Task.Delay(TimeSpan.FromSeconds(5));
        var afterFiveSeconds = host.FileLines().Count;

        // Frames did flow during those 5 s: the status is about a second old at most.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status") { Headers = { { "X-API-Key", LoggingHost.ControlKey } } };
        using var response = await host.Client.SendAsync(request);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        var age = status.GetProperty("data").GetProperty("charger").GetProperty("age_seconds").GetDouble();
        await host.StopAsync();

        var lines = host.FileLines();
        foreach (var line in lines) output.WriteLine(JsonLogLine.Parse(line).ToString());
        Assert.True(age < 2.5, $"the status was {age} s old: no frames arrived");
        Assert.True(startUp > 0, "the start-up lines reach the file while the daemon runs");
        Assert.True(afterFiveSeconds - startUp < 3, $"{afterFiveSeconds - startUp} lines in 5 s of idle running (about 5 polls and 5 STAT frames)");
        Assert.True(lines.Count < 20, $"{lines.Count} lines from start to stop");
    }
}
