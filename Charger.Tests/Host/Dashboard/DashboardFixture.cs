using Charger.Tests.Host.EndToEnd;
using Charger.Tests.TestKit;
using Microsoft.Playwright;

namespace Charger.Tests.Host.Dashboard;

/// <summary>
/// One daemon on the simulator and one headless Chromium for a whole test class: starting either costs
/// seconds, and the tests share them by leaving the simulated charger as they found it (idle, no cable).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public RunningDaemon Daemon { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    private IPlaywright? _playwright;

    /// <summary>Where screenshots go: the test's output folder, never the repository.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "dashboard-screenshots");

    public async Task InitializeAsync()
    {
        Daemon = await RunningDaemon.StartAsync();
        (_playwright, Browser) = await Chromium.LaunchAsync();
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser context (its own sessionStorage) with <paramref name="key"/> already typed in, as after the key dialog.</summary>
    public async Task<DashboardPage> OpenAsync(string? key = RunningDaemon.ControlKey, ViewportSize? viewport = null, Uri? baseAddress = null,
        string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (baseAddress ?? Daemon.BaseAddress).ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            Locale = locale,
            AcceptDownloads = true,
        });
        if (key is not null)
            await context.AddInitScriptAsync($"sessionStorage.setItem('charger.key', {System.Text.Json.JsonSerializer.Serialize(key)});");
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        return new DashboardPage(context, page);
    }

    /// <summary>Runs one simulator console command through the API, as the system page's panel does.</summary>
    public async Task SimulateAsync(string command)
    {
        using var response = await Daemon.Control.PostAsync("/api/simulator",
            new StringContent($$"""{"command":"{{command}}"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"simulator '{command}': {await response.Content.ReadAsStringAsync()}");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Daemon is not null) await Daemon.DisposeAsync();
    }
}

/// <summary>A page with every console error and uncaught exception it produced.</summary>
public sealed class DashboardPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    private readonly List<string> _errors = Collect(page);

    public IPage Page => page;

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors) return [.. _errors];
        }
    }

    private static List<string> Collect(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                lock (errors) errors.Add($"console: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) =>
        {
            lock (errors) errors.Add($"uncaught: {error}");
        };
        return errors;
    }

    public async Task ScreenshotAsync(string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.ScreenshotDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
