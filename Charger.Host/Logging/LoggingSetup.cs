using Charger.Host.Daemon;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace Charger.Host.Logging;

/// <summary>
/// Serilog is the daemon's only logging provider. Two sinks, each behind its own background queue so
/// that no actor or request ever waits on a disk or a pipe: the console for journald
/// (<see cref="JournaldFormatter"/>) and, when <c>logging.file.enabled</c>, rolling JSON files (one event
/// per line, <see cref="JsonFormatter"/> with the rendered message) rolled by size and kept to
/// <c>logging.file.retained-files</c>. The minimum level is <c>logging.level</c>; ASP.NET Core and
/// HttpClient are held at Warning (<see cref="Overrides"/>), the host's lifetime messages stay at Information.
/// The logger is disposed, so flushed, when the host disposes its services.
/// </summary>
public static class LoggingSetup
{
    public const string ApplicationName = "charger";

    /// <summary>Each background queue holds this many events; beyond it new events are dropped, never waited for.</summary>
    public const int QueueCapacity = 10_000;

    /// <summary>
    /// Sources held at a higher level than <c>logging.level</c> (the higher of the two wins): the framework's
    /// per-request and per-connection lines would flood the log, and they carry full URLs with query strings.
    /// </summary>
    public static readonly IReadOnlyList<(string Source, LogEventLevel Floor)> Overrides =
    [
        ("Microsoft", LogEventLevel.Warning),
        ("Microsoft.AspNetCore", LogEventLevel.Warning),
        ("System.Net.Http", LogEventLevel.Warning),
        ("Microsoft.Hosting.Lifetime", LogEventLevel.Information),
    ];

    public static void Configure(WebApplicationBuilder builder, DaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var level = MinimumLevel(options);
        var logger = CreateLogger(options, JournalStream.IsStdoutJournal());
        builder.Logging.ClearProviders();
        // The same levels in the logger factory: a line below them is never even formatted, and a provider
        // added later (a test's recorder, a diagnostic tool) sees nothing that Serilog would drop.
        builder.Logging.SetMinimumLevel(ToMicrosoft(level));
        foreach (var (source, floor) in Overrides)
            builder.Logging.AddFilter(source, ToMicrosoft(Max(floor, level)));
        builder.Logging.AddSerilog(logger, dispose: true);
    }

    /// <summary>The daemon's logger: one instance per app (never the static <c>Log.Logger</c>).</summary>
    /// <param name="syslogPrefixes">Start console lines with journald's <c>&lt;N&gt;</c> priority.</param>
    /// <param name="console">Write to the console at all (tests of the file sink turn it off).</param>
    public static Logger CreateLogger(DaemonOptions options, bool syslogPrefixes, bool console = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var level = MinimumLevel(options);
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .Enrich.WithProperty("Application", ApplicationName)
            .Enrich.WithProperty("ProcessId", Environment.ProcessId);
        foreach (var (source, floor) in Overrides)
            configuration.MinimumLevel.Override(source, Max(floor, level));

        if (console)
            configuration.WriteTo.Async(a => a.Console(new JournaldFormatter(syslogPrefixes)), bufferSize: QueueCapacity);

        var file = options.Settings.Logging.File;
        if (file.Enabled)
            configuration.WriteTo.Async(a => a.File(
                new JsonFormatter(renderMessage: true),
                FilePath(options),
                fileSizeLimitBytes: file.SizeLimit,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: file.RetainedFiles,
                buffered: false,
                shared: false,
                flushToDiskInterval: TimeSpan.FromSeconds(1)), bufferSize: QueueCapacity);

        return configuration.CreateLogger();
    }

    /// <summary><c>logging.file.path</c>, relative to the data directory unless absolute.</summary>
    public static string FilePath(DaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Path.GetFullPath(Path.Combine(options.DataDirectory, options.Settings.Logging.File.Path));
    }

    public static LogEventLevel MinimumLevel(DaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Enum.Parse<LogEventLevel>(options.Settings.Logging.Level, ignoreCase: true); // validated by DaemonOptions.From
    }

    public static LogLevel ToMicrosoft(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => LogLevel.Trace,
        LogEventLevel.Debug => LogLevel.Debug,
        LogEventLevel.Information => LogLevel.Information,
        LogEventLevel.Warning => LogLevel.Warning,
        LogEventLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    private static LogEventLevel Max(LogEventLevel a, LogEventLevel b) => a > b ? a : b;
}
