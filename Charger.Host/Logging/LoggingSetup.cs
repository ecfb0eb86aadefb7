using Charger.Host.Daemon;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Charger.Host.Logging;

/// <summary>
/// Serilog is the daemon's only logging provider, wired by Serilog.Extensions.Hosting (<c>AddSerilog</c>): the
/// host's <see cref="ILoggerFactory"/> is Serilog's, and Serilog.AspNetCore's request logging and
/// <see cref="IDiagnosticContext"/> come with it. Two sinks, each behind Serilog.Sinks.Async's background
/// queue so that no actor or request ever waits on a disk or a pipe: the console for journald
/// (<see cref="JournaldFormatter"/>) and, when <c>logging.file.enabled</c>, rolling compact JSON files
/// (Serilog.Formatting.Compact's <see cref="CompactJsonFormatter"/>, one event per line) rolled by size and
/// kept to <c>logging.file.retained-files</c>. The minimum level is <c>logging.level</c>; ASP.NET Core and
/// HttpClient are held at Warning (<see cref="Overrides"/>), the host's lifetime messages stay at Information.
/// Each app has its own logger (never the static <c>Log.Logger</c>), disposed, so flushed, with the host's services.
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
        var syslogPrefixes = JournalStream.IsStdoutJournal();
        builder.Logging.ClearProviders();
        // writeToProviders: a provider added to the factory later (a test's recorder, a diagnostic tool) receives
        // what reaches Serilog's sinks, after Serilog's levels and overrides.
        builder.Services.AddSerilog((_, configuration) => Configure(configuration, options, syslogPrefixes, console: true),
            preserveStaticLogger: true, writeToProviders: true);
    }

    /// <summary>A logger on its own (tests of the file sink; tools): the same sinks and levels as the daemon's.</summary>
    /// <param name="syslogPrefixes">Start console lines with journald's <c>&lt;N&gt;</c> priority.</param>
    /// <param name="console">Write to the console at all (tests of the file sink turn it off).</param>
    public static Logger CreateLogger(DaemonOptions options, bool syslogPrefixes, bool console = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Configure(new LoggerConfiguration(), options, syslogPrefixes, console).CreateLogger();
    }

    private static LoggerConfiguration Configure(LoggerConfiguration configuration, DaemonOptions options, bool syslogPrefixes, bool console)
    {
        var level = MinimumLevel(options);
        configuration
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
                new CompactJsonFormatter(),
                FilePath(options),
                fileSizeLimitBytes: file.SizeLimit,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: file.RetainedFiles,
                buffered: false,
                shared: false,
                flushToDiskInterval: TimeSpan.FromSeconds(1)), bufferSize: QueueCapacity);
        return configuration;
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

    private static LogEventLevel Max(LogEventLevel a, LogEventLevel b) => a > b ? a : b;
}
