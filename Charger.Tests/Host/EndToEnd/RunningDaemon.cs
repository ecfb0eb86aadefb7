using Charger.Tests.TestKit;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using System.Text.Json;
using Charger.Host.Configuration.Settings;
using Charger.Host.Daemon;
using Charger.Host.Security;
using Charger.Host.Simulate;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>
/// The real daemon, built as <c>charger run --simulate</c> builds it, listening on a free loopback
/// port, with the ESP32 simulator on a pty in real time. Clients: <see cref="Control"/> (control key),
/// <see cref="Reader"/> (read key) and <see cref="Anonymous"/>.
/// </summary>
public sealed class RunningDaemon : IAsyncDisposable
{
    public const string ControlKey = "control-key-0123456789abcdef";
    public const string ReadKey = "read-key-0123456789abcdef";

    private readonly string _dir;
    private readonly bool _ownsDevice;

    private RunningDaemon(string? dataDirectory, bool ownsDevice)
    {
        _dir = dataDirectory ?? Directory.CreateTempSubdirectory("charger-e2e-").FullName;
        _ownsDevice = ownsDevice;
    }

    public SimulatedDevice Device { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public DaemonOptions Options { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Control { get; private set; } = null!;

    public HttpClient Reader { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public string DataDirectory => _dir;

    /// <param name="device">A simulator that outlives this daemon (a restart test); by default the daemon owns its own.</param>
    /// <param name="dataDirectory">Where the daemon keeps its files; by default a new temporary folder, deleted at the end.</param>
    /// <param name="environment">What the daemon sees as systemd's watchdog variables (WATCHDOG_USEC...); by default none, whatever the test process has.</param>
    /// <param name="systemd">The systemd notifier (<c>NotifySocket.Notifier()</c>); by default the package's on the process's NOTIFY_SOCKET.</param>
    /// <param name="simulatedMeter">Whether the charger reads the simulated SDM630 as its meter, as <c>run --simulate</c> does.</param>
    public static async Task<RunningDaemon> StartAsync(Action<HostSettings>? configure = null, SimulatedDevice? device = null, string? dataDirectory = null,
        Func<string, string?>? environment = null, Microsoft.Extensions.Hosting.Systemd.ISystemdNotifier? systemd = null, bool simulatedMeter = false)
    {
        var daemon = new RunningDaemon(dataDirectory, ownsDevice: device is null);
        var settings = new HostSettings { DataDir = daemon._dir, Http = { Url = "http://127.0.0.1:0" } };
        settings.Security.ApiKeys.Add(new ApiKeySettings { Id = "reader", Role = "read", Key = ReadKey });
        // Only when CI keeps the logs (TestLogArchive): then these daemons' lines are checked for the keys too.
        settings.Logging.File.Enabled = Environment.GetEnvironmentVariable(TestLogArchive.Variable) is { Length: > 0 };
        configure?.Invoke(settings);
        daemon.Device = device ?? new SimulatedDevice(Path.Combine(daemon._dir, "simulator", "ttyESP32"));
        daemon.Options = DaemonOptions.From(settings, daemon.Device.DevicePath, simulatedMeter ? daemon.Device.MeterDevicePath : null);
        var keys = ApiKeyStore.From(settings.Security, null, ControlKey);
        daemon.App = DaemonApp.Build(daemon.Options, keys, daemon.Device, environment: environment ?? (_ => null), systemd: systemd);
        await daemon.App.StartAsync();
        daemon.BaseAddress = new Uri(daemon.App.Urls.First());
        daemon.Control = daemon.Client(ControlKey);
        daemon.Reader = daemon.Client(ReadKey);
        daemon.Anonymous = daemon.Client(null);
        return daemon;
    }

    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null) client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    /// <summary>Polls <c>GET /api/status</c> until STATE is <paramref name="state"/> (real time, bounded).</summary>
    public async Task<JsonElement> AwaitStateAsync(int state, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Reader.GetAsync("/api/status");
            if (response.IsSuccessStatusCode)
            {
                last = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").Clone();
                if (last.GetProperty("STATE").GetInt32() == state) return last;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"STATE {state} never showed; last status: {last}");
    }

    /// <summary>Polls until <paramref name="condition"/> holds (real time, bounded).</summary>
    public static async Task AwaitAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Control?.Dispose();
        Reader?.Dispose();
        Anonymous?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        if (_ownsDevice)
        {
            Device?.Dispose();
            TestLogArchive.Keep(_dir);
            Directory.Delete(_dir, recursive: true);
        }
    }
}
