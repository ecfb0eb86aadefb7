using System.Diagnostics;
using System.Net.Sockets;

namespace Charger.Tests.TestKit;

/// <summary>
/// Debian's mosquitto (installed by .ci/run), started by a test on 127.0.0.1 on a free port with a config in a
/// temporary folder: anonymous, no persistence, so a restart loses every retained message (the worst case for a
/// client). <see cref="KillAsync"/> is SIGKILL; <see cref="RestartAsync"/> starts it again on the same port.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";

    private readonly string _dir;
    private Process? _process;

    private MosquittoBroker(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"mqtt://127.0.0.1:{Port}";

    public static async Task<MosquittoBroker> StartAsync()
    {
        if (!File.Exists(Executable))
            throw new TestKitException($"{Executable} is missing: apt-get install mosquitto (.ci/run installs it).");
        var dir = Directory.CreateTempSubdirectory("charger-mosquitto-").FullName;
        var broker = new MosquittoBroker(dir, DaemonProcess.FreePort());
        await File.WriteAllTextAsync(Path.Combine(dir, "mosquitto.conf"), $"""
            listener {broker.Port} 127.0.0.1
            allow_anonymous true
            persistence false
            log_dest file {Path.Combine(dir, "mosquitto.log")}
            log_type all
            """);
        await broker.RunAsync();
        return broker;
    }

    private async Task RunAsync()
    {
        var start = new ProcessStartInfo(Executable, ["-c", Path.Combine(_dir, "mosquitto.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start)!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (_process.HasExited)
                throw new TestKitException($"mosquitto exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()} {Log()}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                if (DateTime.UtcNow > deadline) throw new TestKitException($"mosquitto did not listen on {Port} within 30 s. {Log()}");
                await Task.Delay(20);
            }
        }
    }

    public string Log()
    {
        var path = Path.Combine(_dir, "mosquitto.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async Task RestartAsync()
    {
        await KillAsync();
        await RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
