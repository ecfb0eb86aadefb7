using System.Diagnostics;
using Charger.Tests.Host.Configuration;

namespace Charger.Tests.Packaging;

/// <summary>
/// The Debian packages deploy/package.sh built: <c>artifacts/deb/charger_{version}_{arch}.deb</c> (CI builds them in
/// .ci/run; the test project's build runs the script when they are missing, see Charger.Tests.csproj), each
/// unpacked once with <c>dpkg-deb</c> into a temporary folder, as dpkg would lay it on a station.
/// </summary>
public sealed class StationPackages : IDisposable
{
    public static readonly string[] Architectures = ["arm64", "amd64"];

    private readonly string _root = Directory.CreateTempSubdirectory("charger-deb-").FullName;
    private readonly Dictionary<string, Unpacked> _unpacked = [];
    private readonly Lock _gate = new();

    /// <summary>The release the packages must carry: the one the tests' own build of the program says it is.</summary>
    public static string Version { get; } =
        typeof(Charger.Host.Http.ApiResponse).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "?";

    public static string PackageDirectory => Environment.GetEnvironmentVariable("CHARGER_DEB_DIR") is { Length: > 0 } dir
        ? dir
        : ChargerConfTests.RepositoryFile("artifacts", "deb");

    public sealed record Unpacked(string Architecture, string DebFile, string Root, string ControlDirectory);

    public Unpacked Get(string architecture)
    {
        lock (_gate)
        {
            if (_unpacked.TryGetValue(architecture, out var done)) return done;
            var deb = Path.Combine(PackageDirectory, $"charger_{Version}_{architecture}.deb");
            if (!File.Exists(deb))
                throw new FileNotFoundException(
                    $"No package {deb}: build it with `bash deploy/package.sh` (the test project's build does when artifacts/deb is empty).", deb);
            var root = Path.Combine(_root, architecture, "root");
            var control = Path.Combine(_root, architecture, "DEBIAN");
            Directory.CreateDirectory(root);
            Run("dpkg-deb", "-x", deb, root);
            Run("dpkg-deb", "-e", deb, control);
            return _unpacked[architecture] = new Unpacked(architecture, deb, root, control);
        }
    }

    /// <summary>Runs a tool to its end; its exit code and both streams.</summary>
    public static (int Exit, string Out, string Err) Run(string file, params string[] args) => Run(file, null, args);

    public static (int Exit, string Out, string Err) Run(string file, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("CHARGER", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        foreach (var (name, value) in env ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within 90 s.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
