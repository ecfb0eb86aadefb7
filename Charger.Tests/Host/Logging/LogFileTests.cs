using Charger.Host.Configuration.Settings;
using Charger.Host.Daemon;
using Charger.Host.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;

namespace Charger.Tests.Host.Logging;

public sealed class LogFileTests
{
    [Fact]
    public async Task Every_line_of_the_file_is_a_json_event_with_timestamp_level_template_rendered_message_and_properties()
    {
        await using var host = await LoggingHost.StartAsync();
        host.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Charger.Tests")
            .LogWarning("Quoted \"{Name}\" with a newline\nand {Count}", "tab\there", 3);
        await host.StopAsync();

        Assert.Equal(Path.Combine(host.Directory, "logs", "charger.json"), host.LogFile); // relative to the data directory
        var lines = host.FileLines();
        Assert.NotEmpty(lines);
        foreach (var text in lines)
        {
            var line = JsonLogLine.Parse(text); // throws unless the whole line is one JSON object with these fields
            Assert.True(line.Timestamp > DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.Contains(line.Level, new[] { "Verbose", "Debug", "Information", "Warning", "Error", "Fatal" });
            Assert.False(string.IsNullOrEmpty(line.MessageTemplate));
            Assert.False(string.IsNullOrEmpty(line.RenderedMessage));
            Assert.Equal("charger", line.Property("Application"));
            Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), line.Property("ProcessId"));
        }
        var warning = Assert.Single(lines.Select(JsonLogLine.Parse), l => l.Property("SourceContext") == "Charger.Tests");
        Assert.Equal("Warning", warning.Level);
        Assert.Equal("tab\there", warning.Property("Name"));
        Assert.Equal("3", warning.Property("Count"));
    }

    [Fact]
    public void Files_roll_by_size_and_only_the_retained_count_is_kept()
    {
        var directory = Directory.CreateTempSubdirectory("charger-logroll-").FullName;
        try
        {
            var options = Options(directory, s =>
            {
                s.Logging.File.SizeLimit = 2048;
                s.Logging.File.RetainedFiles = 2;
            });
            using (var logger = LoggingSetup.CreateLogger(options, syslogPrefixes: false, console: false))
            {
                for (var i = 0; i < 300; i++)
                    logger.ForContext("SourceContext", "Charger.Tests").Information("Line {Number} of a log that rolls every two kilobytes", i);
            }

            var files = Directory.GetFiles(Path.Combine(directory, "logs"));
            Assert.Equal(2, files.Length);
            // A file is rolled once it reaches the limit, so it may end one line past it.
            Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 2048 + 512, $"{f} is {new FileInfo(f).Length} bytes"));
            var last = File.ReadLines(files.Order(StringComparer.Ordinal).Last()).Last();
            Assert.Equal("299", JsonLogLine.Parse(last).Property("Number")); // the newest lines are kept
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void An_absolute_path_is_used_as_it_is_and_a_disabled_file_is_not_written()
    {
        var directory = Directory.CreateTempSubdirectory("charger-logpath-").FullName;
        try
        {
            var absolute = Path.Combine(directory, "elsewhere", "daemon.json");
            var options = Options(Path.Combine(directory, "data"), s => s.Logging.File.Path = absolute);
            Assert.Equal(absolute, LoggingSetup.FilePath(options));
            using (var logger = LoggingSetup.CreateLogger(options, syslogPrefixes: false, console: false))
                logger.Information("Hello");
            Assert.Single(File.ReadLines(absolute));

            var disabled = Options(Path.Combine(directory, "off"), s => s.Logging.File.Enabled = false);
            using (var logger = LoggingSetup.CreateLogger(disabled, syslogPrefixes: false, console: false))
                logger.Information("Hello");
            Assert.False(Directory.Exists(Path.Combine(directory, "off", "logs")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_level_comes_from_the_settings_and_framework_noise_stays_at_warning()
    {
        var directory = Directory.CreateTempSubdirectory("charger-loglevel-").FullName;
        try
        {
            var options = Options(directory, s => s.Logging.Level = "debug");
            Assert.Equal(LogEventLevel.Debug, LoggingSetup.MinimumLevel(options));
            using var logger = LoggingSetup.CreateLogger(options, syslogPrefixes: false, console: false);
            Assert.True(logger.ForContext("SourceContext", "Charger.Actors.Serial.SerialPortActor").IsEnabled(LogEventLevel.Debug));
            Assert.False(logger.ForContext("SourceContext", "Charger.Actors.Serial.SerialPortActor").IsEnabled(LogEventLevel.Verbose));
            Assert.False(logger.ForContext("SourceContext", "Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogEventLevel.Information));
            Assert.True(logger.ForContext("SourceContext", "Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogEventLevel.Warning));
            Assert.False(logger.ForContext("SourceContext", "System.Net.Http.HttpClient.webhook.LogicalHandler").IsEnabled(LogEventLevel.Information));
            Assert.True(logger.ForContext("SourceContext", "Microsoft.Hosting.Lifetime").IsEnabled(LogEventLevel.Information));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static DaemonOptions Options(string dataDir, Action<HostSettings> configure)
    {
        var settings = new HostSettings { DataDir = dataDir };
        configure(settings);
        return DaemonOptions.From(settings, "/dev/null");
    }
}
