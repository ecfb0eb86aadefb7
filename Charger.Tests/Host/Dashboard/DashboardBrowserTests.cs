using System.Net;
using Charger.Tests.Host.EndToEnd;
using Charger.Tests.TestKit;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Charger.Tests.Host.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium through Playwright) against the real daemon on the
/// simulator: what an operator sees and clicks. Each test leaves the charger idle with no cable.
/// </summary>
public sealed class DashboardBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    private RunningDaemon Daemon => fixture.Daemon;

    private static ILocator Card(IPage page) => page.Locator("article.card[data-charger='cp-1']");

    [Fact]
    public async Task A_whole_charge_shows_live_and_ends_up_in_the_sessions_and_their_csv()
    {
        await AwaitReadyAsync();
        await using var dashboard = await fixture.OpenAsync();
        var page = dashboard.Page;
        await page.GotoAsync("/");
        var state = Card(page).GetByTestId("state");
        await Expect(state).ToHaveTextAsync("Available", new() { Timeout = 15_000 });
        await page.EvaluateAsync("window.notReloaded = true");

        await fixture.SimulateAsync("plug 32");
        await Expect(state).ToHaveTextAsync("Cable connected", new() { Timeout = 2_000 });
        await Expect(Card(page).GetByTestId("cable")).ToContainTextAsync("32 A");
        await fixture.SimulateAsync("connect");
        await Expect(state).ToHaveTextAsync("Vehicle connected");

        // Start with the control key, on the charger's page, confirming in the dialog.
        await Card(page).GetByRole(AriaRole.Link, new() { Name = "cp-1" }).ClickAsync();
        await page.GetByLabel("User id (optional)").FillAsync("alice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start charging" }).ClickAsync();
        await Expect(page.Locator("#confirm-text")).ToHaveTextAsync("Start charging on cp-1 (alice)?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.Locator("#command-result")).ToHaveTextAsync("Accepted: Charge start command accepted");
        await fixture.SimulateAsync("charge");
        await Expect(page.Locator("#status").GetByTestId("state")).ToHaveTextAsync("Charging");
        await Expect(page.Locator("#timeline")).ToContainTextAsync("Charging started");
        await Expect(page.Locator("#h-frames + p + div table")).ToContainTextAsync("STAT");
        await dashboard.ScreenshotAsync("charger");
        // A command the charger's state refuses: the reason, as the API gave it.
        await page.GetByLabel("Maximum current (A)").SelectOptionAsync("16");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set maximum current" }).ClickAsync();
        await Expect(page.Locator("#confirm-text")).ToHaveTextAsync("Set the maximum current of cp-1 to 16 A?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.Locator("#command-result")).ToHaveTextAsync(
            "Rejected: max current can only be set in Idle, CableDetect or EvConnected (1..3); the charger is in Charging (5)");

        await page.GetByRole(AriaRole.Link, new() { Name = "Site" }).ClickAsync();
        await Expect(state).ToHaveTextAsync("Charging");
        await Expect(Card(page).GetByTestId("session")).ToContainTextAsync("alice");
        await dashboard.ScreenshotAsync("site");

        await page.GetByRole(AriaRole.Link, new() { Name = "cp-1" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop charging" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.Locator("#command-result")).ToHaveTextAsync("Confirmed: Charge stop command confirmed");
        await fixture.SimulateAsync("unplug");
        await Expect(page.Locator("#status").GetByTestId("state")).ToHaveTextAsync("Available");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sessions" }).ClickAsync();
        var row = page.Locator("#sessions tbody tr").Filter(new() { HasText = "alice" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Completed");
        await Expect(row).ToContainTextAsync("stopped");
        await Expect(page.Locator("#chart svg")).ToBeVisibleAsync();
        await dashboard.ScreenshotAsync("sessions");

        // The API's filters: nobody else charged, and nothing was cancelled; the CSV has what the filters match.
        await page.GetByLabel("User id").FillAsync("bob");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("#sessions-table")).ToHaveTextAsync("No sessions match.");
        await page.GetByLabel("User id").FillAsync("alice");
        await page.GetByLabel("Status").SelectOptionAsync("CANCELLED");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("#sessions-table")).ToHaveTextAsync("No sessions match.");
        await page.GetByLabel("Status").SelectOptionAsync("COMPLETED");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(1);
        await Expect(page.Locator("#page-info")).ToHaveTextAsync("Sessions 1–1 of 1");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.Equal("session_id,charger_id,user_id,status,start_time,end_time,duration_seconds,end_reason,event_count,energy_kwh", csv[0]);
        Assert.Single(csv, line => line.Contains(",cp-1,alice,COMPLETED,", StringComparison.Ordinal) && line.Contains(",stopped,", StringComparison.Ordinal));

        Assert.True(await page.EvaluateAsync<bool>("window.notReloaded === true"), "the page reloaded");
        // The browser reports the refused command's 409 itself; nothing else went wrong.
        var errors = dashboard.Errors;
        Assert.True(errors.Count == 1 && errors[0].Contains("status of 409", StringComparison.Ordinal), string.Join('\n', errors));
    }

    [Fact]
    public async Task A_wrong_key_and_a_read_key_for_a_command_get_clear_messages()
    {
        await AwaitReadyAsync();
        await using (var wrong = await fixture.OpenAsync("not-the-key-0123456789"))
        {
            await wrong.Page.GotoAsync("/");
            await Expect(wrong.Page.Locator("#auth-banner")).ToHaveTextAsync(
                "The API key is not valid. Check it and enter it again with the “API key” button.");
        }

        await using (var none = await fixture.OpenAsync(key: null))
        {
            await none.Page.GotoAsync("/");
            await Expect(none.Page.Locator("#auth-banner")).ToContainTextAsync("needs an API key");
            // Typed into the dialog, the key is used at once, kept in sessionStorage only, and never put in the address.
            await none.Page.GetByRole(AriaRole.Button, new() { Name = "API key" }).ClickAsync();
            await none.Page.GetByLabel("Key", new() { Exact = true }).FillAsync(RunningDaemon.ReadKey);
            await none.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(Card(none.Page).GetByTestId("state")).ToHaveTextAsync("Available");
            await Expect(none.Page.Locator("#auth-banner")).ToBeHiddenAsync();
            Assert.Equal(RunningDaemon.ReadKey, await none.Page.EvaluateAsync<string>("sessionStorage.getItem('charger.key')"));
            Assert.DoesNotContain(RunningDaemon.ReadKey, none.Page.Url, StringComparison.Ordinal);
            Assert.Empty(await none.Page.Context.CookiesAsync());

            await none.Page.GotoAsync("/#/charger/cp-1");
            await none.Page.GetByRole(AriaRole.Button, new() { Name = "Stop charging" }).ClickAsync();
            await none.Page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
            await Expect(none.Page.Locator("#command-result")).ToHaveTextAsync("This key may only read. Commands need the control key.");
        }
    }

    [Fact]
    public async Task With_public_reads_the_pages_show_without_a_key_and_a_command_asks_for_one()
    {
        await using var daemon = await RunningDaemon.StartAsync(settings => settings.Http.PublicReads = true);
        await daemon.AwaitStateAsync(1);
        await using var dashboard = await fixture.OpenAsync(key: null, baseAddress: daemon.BaseAddress);
        var page = dashboard.Page;
        await page.GotoAsync("/");
        await Expect(Card(page).GetByTestId("state")).ToHaveTextAsync("Available");
        await Expect(page.Locator("#auth-banner")).ToBeHiddenAsync();
        await Expect(page.Locator("#stream-banner")).ToBeHiddenAsync();

        await page.GotoAsync("/#/charger/cp-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop charging" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.Locator("#command-result")).ToHaveTextAsync("Commands need the control key: enter it with the “API key” button.");
    }

    [Fact]
    public async Task The_banner_shows_while_the_event_stream_is_cut_and_goes_when_it_resumes()
    {
        await AwaitReadyAsync();
        await using var relay = new TcpRelay(Daemon.BaseAddress);
        await using var dashboard = await fixture.OpenAsync(baseAddress: relay.BaseAddress);
        var page = dashboard.Page;
        await page.GotoAsync("/");
        var banner = page.Locator("#stream-banner");
        await Expect(Card(page).GetByTestId("state")).ToHaveTextAsync("Available", new() { Timeout = 15_000 });
        await Expect(banner).ToBeHiddenAsync();

        relay.Cut();
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToHaveTextAsync("Live updates are interrupted. Reconnecting…");

        relay.Resume();
        await Expect(banner).ToBeHiddenAsync(new() { Timeout = 20_000 });
        // Live again: an event after the resume still reaches the card.
        await fixture.SimulateAsync("plug 20");
        await Expect(Card(page).GetByTestId("state")).ToHaveTextAsync("Cable connected");
        await fixture.SimulateAsync("unplug");
        await Expect(Card(page).GetByTestId("state")).ToHaveTextAsync("Available");
    }

    [Fact]
    public async Task Every_page_loads_without_console_errors_and_fits_a_phone_without_sideways_scrolling()
    {
        await AwaitReadyAsync();
        var pages = new (string Route, string Ready)[]
        {
            ("/#/site", "article.card .state"),
            ("/#/charger/cp-1", "#status .state"),
            ("/#/sessions", "#sessions-table table, #sessions-table p"),
            ("/#/system", "#actors ul.tree"),
        };
        foreach (var (viewport, name) in new[] { (Desktop, "desktop"), (Phone, "phone") })
        {
            await using var dashboard = await fixture.OpenAsync(viewport: viewport);
            var page = dashboard.Page;
            foreach (var (route, ready) in pages)
            {
                await page.GotoAsync(route);
                await Expect(page.Locator(ready).First).ToBeVisibleAsync();
                var (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"),
                    await page.EvaluateAsync<int>("window.innerWidth"));
                Assert.True(scrollWidth <= innerWidth, $"{route} on the {name}: {scrollWidth} px wide in a {innerWidth} px window");
                var file = route.Split('/')[2];
                if (name == "phone") await dashboard.ScreenshotAsync($"{file}-phone");
                else if (file == "system") await dashboard.ScreenshotAsync(file);
            }
            Assert.True(dashboard.Errors.Count == 0, string.Join('\n', dashboard.Errors));
        }
    }

    [Fact]
    public async Task The_simulator_panel_drives_a_charge_without_hardware()
    {
        await AwaitReadyAsync();
        await using var dashboard = await fixture.OpenAsync();
        var page = dashboard.Page;
        await page.GotoAsync("/#/system");
        await page.GetByRole(AriaRole.Button, new() { Name = "Plug cable" }).ClickAsync();
        await Expect(page.Locator("#sim-result")).ToHaveTextAsync("cable plugged (32 A rating)");
        await page.GetByRole(AriaRole.Link, new() { Name = "Site" }).ClickAsync();
        await Expect(Card(page).GetByTestId("state")).ToHaveTextAsync("Cable connected");
        await Expect(Card(page).GetByTestId("last-event")).ToContainTextAsync("Cable connected");

        await page.GetByRole(AriaRole.Link, new() { Name = "System" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Unplug" }).ClickAsync();
        await Expect(page.Locator("#sim-result")).ToHaveTextAsync("cable unplugged");
        await page.GetByRole(AriaRole.Link, new() { Name = "Site" }).ClickAsync();
        await Expect(Card(page).GetByTestId("state")).ToHaveTextAsync("Available");

        // The USB device goes away and comes back: the card says so in words, from the link events alone.
        await fixture.SimulateAsync("disappear");
        await Expect(Card(page).GetByTestId("state")).ToHaveTextAsync("No link", new() { Timeout = 15_000 });
        await Expect(Card(page).Locator("dd.link-down")).ToHaveTextAsync("down");
        await fixture.SimulateAsync("reappear");
        await Expect(Card(page).GetByTestId("state")).ToHaveTextAsync("Available", new() { Timeout = 30_000 });
        await Expect(Card(page).Locator("dd.link-up")).ToContainTextAsync("reconnects: 1");
        Assert.Empty(dashboard.Errors);
    }

    [Fact]
    public async Task The_pages_are_keyboard_navigable_and_speak_Turkish_to_a_Turkish_browser()
    {
        await AwaitReadyAsync();
        await using var dashboard = await fixture.OpenAsync(locale: "tr-TR");
        var page = dashboard.Page;
        await page.GotoAsync("/");
        await Expect(Card(page).GetByTestId("state")).ToHaveTextAsync("Müsait");
        await Expect(page.Locator("nav")).ToContainTextAsync("Oturumlar");
        Assert.Equal("tr", await page.EvaluateAsync<string>("document.documentElement.lang"));

        // Tab from the top: the skip link, the name, then the pages; Enter opens one.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("İçeriğe geç");
        for (var i = 0; i < 4; i++) await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("Oturumlar");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Oturumlar");

        await page.GetByLabel("Dil").SelectOptionAsync("en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sessions");
        await Expect(page.Locator("nav")).ToContainTextAsync("System");
        Assert.Empty(dashboard.Errors);
    }

    private Task AwaitReadyAsync() => RunningDaemon.AwaitAsync(async () =>
    {
        using var response = await Daemon.Anonymous.GetAsync("/health/ready");
        return response.StatusCode == HttpStatusCode.OK;
    }, "the daemon to be ready");
}
