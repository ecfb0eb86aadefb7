using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Charger.Tests.TestKit;

/// <summary>
/// The built <c>charger run</c> as its own process, as systemd runs it: started with a config file,
/// awaited until <c>/health/ready</c> answers 200, and killed with SIGKILL, which no code of ours sees.
/// Its output goes to a file in the data folder so a failing test can show the last lines.
/// </summary>
public sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _pumps;

    private DaemonProcess(Process process, Task pumps, Uri baseAddress)
    {
        _process = process;
        _pumps = pumps;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Writes <c>{folder}/charger.conf</c> for one charger <c>cp-1</c> on <paramref name="devicePath"/>, data in
    /// <c>{folder}/data</c>, HTTP on <paramref name="baseAddress"/>, no log file (the output goes to the test's file),
    /// and <paramref name="more"/> (HOCON) after that; returns its path.
    /// </summary>
    public static async Task<string> WriteConfigAsync(string folder, Uri baseAddress, string devicePath, string more = "")
    {
        var config = Path.Combine(folder, "charger.conf");
        await File.WriteAllTextAsync(config, $$"""
            data-dir = "{{Path.Combine(folder, "data")}}"
            http { url = "{{baseAddress.ToString().TrimEnd('/')}}" }
            chargers = [ { id = cp-1, serial { port = "{{devicePath}}" } } ]
            logging.file.enabled = false

            """ + more);
        return config;
    }

    /// <summary>A loopback port nobody listens on now (another process could take it before the daemon does; unlikely on a test machine).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the daemon with <paramref name="configFile"/> and waits until it is ready (or fails, with its output).</summary>
    public static async Task<DaemonProcess> StartAsync(string configFile, Uri baseAddress, string apiKey, string outputFile, TimeSpan? readyWithin = null)
    {
        var start = ChargerExecutable.StartInfo(Path.GetDirectoryName(configFile)!, new Dictionary<string, string> { ["CHARGER_API_KEY"] = apiKey },
            "run", "--config", configFile);
        return await StartAsync(start, baseAddress, outputFile, readyWithin);
    }

    /// <summary>Starts <paramref name="start"/> (a <c>charger run</c>, e.g. a packaged executable; its output must be redirected) and waits until it is ready.</summary>
    public static async Task<DaemonProcess> StartAsync(ProcessStartInfo start, Uri baseAddress, string outputFile, TimeSpan? readyWithin = null)
    {
        var process = Process.Start(start)!;
        var log = new StreamWriter(outputFile, append: true, Encoding.UTF8) { AutoFlush = true };
        await log.WriteLineAsync($"--- started pid {process.Id} at {DateTimeOffset.UtcNow:O}");
        var gate = new Lock();
        async Task Pump(StreamReader reader)
        {
            while (await reader.ReadLineAsync() is { } line)
                lock (gate) log.WriteLine(line);
        }
        var pumps = Task.WhenAll(Pump(process.StandardOutput), Pump(process.StandardError)).ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        var daemon = new DaemonProcess(process, pumps, baseAddress);

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (readyWithin ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The daemon exited with {process.ExitCode} before it was ready; see {outputFile}.");
            try
            {
                using var ready = await http.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK) return daemon;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                // not listening yet, or hung up mid-answer
            }
            catch (TaskCanceledException)
            {
                // busy starting
            }
            if (DateTime.UtcNow > deadline)
            {
                await daemon.KillAsync();
                throw new TimeoutException($"The daemon was not ready within {(readyWithin ?? TimeSpan.FromSeconds(60)).TotalSeconds} s; see {outputFile}.");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: no shutdown hook, no flush, no goodbye; then waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false); // Process.Kill is SIGKILL on Linux
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _pumps.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGTERM, as <c>systemctl stop</c> sends it; waits until the process has exited and returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan within)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
            await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(within);
        await _pumps.WaitAsync(TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
