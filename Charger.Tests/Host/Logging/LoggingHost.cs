using Charger.Tests.TestKit;
using Charger.Host.Configuration.Settings;
using Charger.Host.Daemon;
using Charger.Host.Logging;
using Charger.Host.Security;
using Charger.Host.Simulate;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Charger.Tests.Host.Logging;

/// <summary>
/// The real daemon (<see cref="DaemonApp"/>) against the simulator on a pseudo-terminal, on a free port,
/// with its data (and so its log file) in a temporary directory, plus an in-memory recording of every
/// log entry. <see cref="StopAsync"/> stops and disposes the app, which flushes the log file.
/// </summary>
internal sealed class LoggingHost : IAsyncDisposable
{
    public const string ControlKey = "logging-test-control-key-0123456789abcdef";

    private readonly SimulatedDevice _device;

    public SimulatedDevice Device => _device;
    private bool _stopped;

    private LoggingHost(string directory, SimulatedDevice device, DaemonOptions options, WebApplication app, RecordingLoggerProvider recording)
    {
        Directory = directory;
        _device = device;
        Options = options;
        App = app;
        Recording = recording;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Directory { get; }

    public DaemonOptions Options { get; }

    public WebApplication App { get; }

    public RecordingLoggerProvider Recording { get; }

    public HttpClient Client { get; }

    public string LogFile => LoggingSetup.FilePath(Options);

    public static async Task<LoggingHost> StartAsync(Action<HostSettings>? configure = null, string? controlKey = ControlKey)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("charger-logging-").FullName;
        var device = new SimulatedDevice(Path.Combine(directory, "sim", "ttyESP32"));
        try
        {
            var settings = new HostSettings { DataDir = directory, Http = { Url = "http://127.0.0.1:0" } };
            configure?.Invoke(settings);
            var options = DaemonOptions.From(settings, device.DevicePath);
            var keys = ApiKeyStore.From(settings.Security, null, controlKey);
            var app = DaemonApp.Build(options, keys, device);
            var recording = new RecordingLoggerProvider();
            app.Services.GetRequiredService<ILoggerFactory>().AddProvider(recording);
            await app.StartAsync();
            return new LoggingHost(directory, device, options, app, recording);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>Stops the app and disposes it (and with it the logger, which flushes the file).</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        Client.Dispose();
        try
        {
            await App.StopAsync();
        }
        finally
        {
            await App.DisposeAsync();
            _device.Dispose();
        }
    }

    /// <summary>The lines of every log file (the current one and rolled ones), oldest file first.</summary>
    public IReadOnlyList<string> FileLines()
    {
        var folder = Path.GetDirectoryName(LogFile)!;
        if (!System.IO.Directory.Exists(folder)) return [];
        return [.. System.IO.Directory.GetFiles(folder).Order(StringComparer.Ordinal).SelectMany(ReadShared)];
    }

    private static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) lines.Add(line);
        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            TestLogArchive.Keep(Directory);
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
