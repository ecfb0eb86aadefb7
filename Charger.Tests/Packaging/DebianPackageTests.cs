using System.Net;
using System.Text.RegularExpressions;
using Charger.Tests.Host.Configuration;
using Charger.Tests.TestKit;

namespace Charger.Tests.Packaging;

/// <summary>
/// The station packages as dpkg sees them: their file lists, owners and modes, control files and maintainer
/// scripts, the systemd unit checked by <c>systemd-analyze verify</c>, the arm64 program started under Debian's
/// qemu-user-static, and the amd64 one started natively against the simulator. No Pi needed.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class DebianPackageTests(StationPackages packages) : IClassFixture<StationPackages>
{
    private const string ApiKey = "package-test-key-0123456789abcdef";

    public static TheoryData<string> Architectures => new(StationPackages.Architectures);

    /// <summary>One line of <c>dpkg-deb -c</c>: <c>-rwxr-xr-x root/root 12345 2026-12-07 04:30 ./opt/charger/charger</c>.</summary>
    private sealed record Entry(string Mode, string Owner, string Path, string? LinkTarget);

    [GeneratedRegex(@"^(?<mode>\S{10}) (?<owner>\S+)\s+\d+ \S+ \S+ \.(?<path>/\S*?)/?(?: -> (?<target>\S+))?$")]
    private static partial Regex ListingLine();

    private static List<Entry> Listing(string deb)
    {
        var (exit, stdout, stderr) = StationPackages.Run("dpkg-deb", "-c", deb);
        Assert.True(exit == 0, stderr);
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var match = ListingLine().Match(line);
            Assert.True(match.Success, $"unexpected dpkg-deb -c line: {line}");
            return new Entry(match.Groups["mode"].Value, match.Groups["owner"].Value, match.Groups["path"].Value,
                match.Groups["target"].Success ? match.Groups["target"].Value : null);
        })];
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void The_package_holds_the_program_unit_config_and_udev_rule_owned_by_root_and_writable_by_root_only(string arch)
    {
        var package = packages.Get(arch);
        var entries = Listing(package.DebFile).ToDictionary(e => e.Path);

        Entry At(string path) => entries.TryGetValue(path, out var entry) ? entry : throw new Xunit.Sdk.XunitException($"{path} is not in {package.DebFile}");
        Assert.Equal("-rwxr-xr-x", At("/opt/charger/charger").Mode);
        Assert.Equal(("lrwxrwxrwx", "/opt/charger/charger"), (At("/usr/bin/charger").Mode, At("/usr/bin/charger").LinkTarget));
        Assert.Equal("-rw-r--r--", At("/lib/systemd/system/charger.service").Mode);
        Assert.Equal("-rw-r--r--", At("/etc/charger/charger.conf").Mode);
        Assert.Equal("-rw-r--r--", At("/etc/udev/rules.d/99-charger-esp32.rules").Mode);
        Assert.Equal("-rw-r--r--", At("/usr/lib/modules-load.d/charger.conf").Mode);
        Assert.Equal("-rw-r--r--", At("/opt/charger/charger.dll").Mode);
        Assert.Equal("-rw-r--r--", At("/usr/share/doc/charger/operator-guide.md").Mode);

        // Every entry is root's and nothing is writable by anyone else: the daemon's user cannot change its program.
        Assert.All(entries.Values, e => Assert.Equal("root/root", e.Owner));
        Assert.All(entries.Values.Where(e => e.Mode[0] != 'l'), e => Assert.True(e.Mode[5] != 'w' && e.Mode[8] != 'w', $"{e.Path} is {e.Mode}"));
        // Only the program and the runtime's crash dumper are executable files; no debug symbols are shipped.
        Assert.Equal(["/opt/charger/charger", "/opt/charger/createdump"],
            entries.Values.Where(e => e.Mode[0] == '-' && e.Mode[3] == 'x').Select(e => e.Path).Order());
        Assert.DoesNotContain(entries.Keys, p => p.EndsWith(".pdb", StringComparison.Ordinal));
        // The data directory is the maintainer scripts' (made on configure, kept on remove): dpkg would delete a shipped one.
        Assert.DoesNotContain(entries.Keys, p => p.StartsWith("/var/lib/charger", StringComparison.Ordinal));

        // The program is built for the package's architecture (ELF e_machine: 0xB7 AArch64, 0x3E x86-64).
        var elf = File.ReadAllBytes(Path.Combine(package.Root, "opt/charger/charger"));
        Assert.Equal(arch == "arm64" ? 0xB7 : 0x3E, elf[18] | (elf[19] << 8));
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void The_control_files_name_the_release_architecture_conffiles_and_executable_maintainer_scripts(string arch)
    {
        var package = packages.Get(arch);
        var (exit, control, stderr) = StationPackages.Run("dpkg-deb", "-f", package.DebFile);
        Assert.True(exit == 0, stderr);
        Assert.Contains("Package: charger\n", control, StringComparison.Ordinal);
        Assert.Contains($"Version: {StationPackages.Version}\n", control, StringComparison.Ordinal);
        Assert.Contains($"Architecture: {arch}\n", control, StringComparison.Ordinal);
        Assert.Matches(@"Installed-Size: \d{5,}\n", control);
        Assert.Matches(@"Depends: adduser,", control);

        Assert.Equal(["/etc/charger/charger.conf", "/etc/udev/rules.d/99-charger-esp32.rules"],
            File.ReadAllLines(Path.Combine(package.ControlDirectory, "conffiles")).Where(l => l.Length > 0).Order());

        foreach (var script in new[] { "postinst", "prerm", "postrm" })
        {
            var path = Path.Combine(package.ControlDirectory, script);
            Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, $"{script} is not executable");
            var (syntax, _, error) = StationPackages.Run("sh", "-n", path);
            Assert.True(syntax == 0, $"{script}: {error}");
        }
        var postinst = File.ReadAllText(Path.Combine(package.ControlDirectory, "postinst"));
        Assert.Contains("adduser --quiet charger dialout", postinst, StringComparison.Ordinal);
        Assert.Contains("systemctl enable charger.service", postinst, StringComparison.Ordinal);
        var postrm = File.ReadAllText(Path.Combine(package.ControlDirectory, "postrm"));
        // Only purge deletes the data.
        Assert.Matches(@"purge\)\s+rm -rf /var/lib/charger", postrm);
    }

    [Fact]
    public void The_udev_rule_names_the_esp32_and_keeps_ModemManager_away_from_it()
    {
        var rules = File.ReadAllLines(Path.Combine(packages.Get("arm64").Root, "etc/udev/rules.d/99-charger-esp32.rules"))
            .Where(l => l.StartsWith("SUBSYSTEM==", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rules);
        Assert.All(rules, rule =>
        {
            Assert.Matches(@"ATTRS\{idVendor\}==""[0-9a-f]{4}"", ATTRS\{idProduct\}==""[0-9a-f]{4}""", rule);
            Assert.Contains(@"SYMLINK+=""charger-esp32""", rule, StringComparison.Ordinal);
            Assert.Contains(@"ENV{ID_MM_DEVICE_IGNORE}=""1""", rule, StringComparison.Ordinal);
            Assert.Contains(@"GROUP=""dialout""", rule, StringComparison.Ordinal);
        });
        // The shipped config uses the name the rule makes.
        Assert.Contains("\"/dev/charger-esp32\"", File.ReadAllText(Path.Combine(packages.Get("arm64").Root, "etc/charger/charger.conf")), StringComparison.Ordinal);
    }

    [Fact]
    public void Systemd_analyze_verify_accepts_the_packaged_unit_with_the_packaged_program()
    {
        var package = packages.Get("amd64");
        // verify resolves ExecStart= on this machine: point it at the unpacked program, the rest of the unit as shipped.
        var unit = File.ReadAllText(Path.Combine(package.Root, "lib/systemd/system/charger.service"));
        Assert.Contains("ExecStart=/opt/charger/charger run --config /etc/charger/charger.conf\n", unit, StringComparison.Ordinal);
        var dir = Path.Combine(package.Root, "..", "verify");
        Directory.CreateDirectory(dir);
        var copy = Path.Combine(dir, "charger.service");
        File.WriteAllText(copy, unit.Replace("ExecStart=/opt/charger/charger", $"ExecStart={package.Root}/opt/charger/charger", StringComparison.Ordinal));

        var (exit, stdout, stderr) = StationPackages.Run("systemd-analyze", "verify", "--man=no", copy);
        Assert.True(exit == 0, $"systemd-analyze verify exited {exit}: {stdout}{stderr}");
        Assert.DoesNotContain("charger.service:", stderr, StringComparison.Ordinal); // no warning about our unit's lines
    }

    [Fact]
    public void The_arm64_program_starts_under_qemu_and_accepts_the_shipped_config()
    {
        var package = packages.Get("arm64");
        var sysroot = Arm64Sysroot();
        var program = Path.Combine(package.Root, "opt/charger/charger");

        var version = StationPackages.Run("qemu-aarch64-static", QemuEnvironment(), "-L", sysroot, program, "--version");
        Assert.True(version.Exit == 0, $"--version exited {version.Exit}: {version.Out}{version.Err}");
        Assert.StartsWith(StationPackages.Version, version.Out.Trim(), StringComparison.Ordinal);

        var env = QemuEnvironment();
        env["CHARGER_API_KEY"] = ApiKey; // as the unit passes it from /etc/charger/charger.env
        var check = StationPackages.Run("qemu-aarch64-static", env, "-L", sysroot, program,
            "check-config", "--config", Path.Combine(package.Root, "etc/charger/charger.conf"));
        Assert.True(check.Exit == 0, $"check-config exited {check.Exit}: {check.Out}{check.Err}");
        Assert.Contains("cp-1 on /dev/charger-esp32", check.Out, StringComparison.Ordinal);
        Assert.Contains("HTTP on http://0.0.0.0:8000, data in /var/lib/charger", check.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_amd64_program_runs_the_shipped_config_on_the_simulator_until_ready()
    {
        var package = packages.Get("amd64");
        var data = Path.Combine(package.Root, "..", "data");
        var port = DaemonProcess.FreePort();
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(package.Root, "opt/charger/charger"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (var arg in new[] { "run", "--simulate", "--config", Path.Combine(package.Root, "etc/charger/charger.conf"),
                     "--set", $"data-dir={data}", "--set", $"http.url=http://127.0.0.1:{port}" })
            start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("CHARGER", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        start.Environment["CHARGER_API_KEY"] = ApiKey;

        await using var daemon = await DaemonProcess.StartAsync(start, new Uri($"http://127.0.0.1:{port}"), Path.Combine(package.Root, "..", "daemon.out"));
        using var http = new HttpClient { BaseAddress = daemon.BaseAddress };
        http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        using var status = await http.GetAsync("/api/status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    /// <summary>The loader and libraries of an arm64 Debian: the machine's own (multiarch), or the folder .ci/arm64-sysroot.sh makes.</summary>
    private static string Arm64Sysroot()
    {
        if (File.Exists("/lib/ld-linux-aarch64.so.1")) return "/";
        var root = Environment.GetEnvironmentVariable("CHARGER_ARM64_SYSROOT") is { Length: > 0 } configured
            ? configured
            : ChargerConfTests.RepositoryFile("artifacts", "arm64-sysroot");
        if (!File.Exists(Path.Combine(root, "lib", "ld-linux-aarch64.so.1")))
        {
            var (exit, stdout, stderr) = StationPackages.Run("bash", ChargerConfTests.RepositoryFile(".ci", "arm64-sysroot.sh"), root);
            Assert.True(exit == 0, $".ci/arm64-sysroot.sh {root} exited {exit}: {stdout}{stderr}");
        }
        return root;
    }

    private static Dictionary<string, string> QemuEnvironment() => new()
    {
        // The GC reserves address space by the machine's memory; under qemu-user that reservation is emulated
        // too, so a modest hard limit keeps the start quick and within the emulator's address space.
        ["DOTNET_GCHeapHardLimit"] = "0x10000000",
    };
}
