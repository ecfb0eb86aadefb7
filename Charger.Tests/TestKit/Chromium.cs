using Microsoft.Playwright;

namespace Charger.Tests.TestKit;

/// <summary>
/// Debian's chromium driven by Playwright. Playwright's own browser download is never used: the tests run the
/// browser the station's operators could have, installed by <c>.ci/run</c> (<c>apt-get install chromium</c>).
/// A missing browser fails the test with what to install; it never skips.
/// </summary>
public static class Chromium
{
    public const string Variable = "CHARGER_TEST_CHROMIUM";
    public const string DefaultPath = "/usr/bin/chromium";

    // As ../shared/PINS.md has them for Debian's chromium: no sandbox (CI runs as root), and nothing that reaches
    // for the network behind the test's back.
    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static string ExecutablePath => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : DefaultPath;

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var path = ExecutablePath;
        if (!File.Exists(path))
            throw new TestKitException($"The browser tests need Chromium at {path}: install it with `apt-get install -y chromium` " +
                $"(bash .ci/run does), or point {Variable} at a Chromium executable.");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = path, Headless = true, Args = Args });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
