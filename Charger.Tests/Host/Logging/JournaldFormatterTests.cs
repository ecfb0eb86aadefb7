using Charger.Host.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace Charger.Tests.Host.Logging;

public sealed class JournaldFormatterTests
{
    [Fact]
    public void On_a_terminal_a_line_is_level_source_and_message_without_a_timestamp()
    {
        var text = Format(new JournaldFormatter(syslogPrefixes: false), LogEventLevel.Information, "Serial link up on {Path}",
            ("Path", "/dev/ttyUSB0"), ("SourceContext", "Charger.Actors.Serial.SerialPortActor"));
        Assert.Equal("[INF] Charger.Actors.Serial.SerialPortActor: Serial link up on /dev/ttyUSB0\n", text);
    }

    [Theory]
    [InlineData(LogEventLevel.Verbose, "<7>[VRB]")]
    [InlineData(LogEventLevel.Debug, "<7>[DBG]")]
    [InlineData(LogEventLevel.Information, "<6>[INF]")]
    [InlineData(LogEventLevel.Warning, "<4>[WRN]")]
    [InlineData(LogEventLevel.Error, "<3>[ERR]")]
    [InlineData(LogEventLevel.Fatal, "<2>[FTL]")]
    public void For_journald_each_line_starts_with_the_syslog_priority(LogEventLevel level, string start)
    {
        var text = Format(new JournaldFormatter(syslogPrefixes: true), level, "Hello", ("SourceContext", "Charger.X"));
        Assert.Equal($"{start} Charger.X: Hello\n", text);
    }

    [Fact]
    public void Every_line_of_a_multi_line_event_keeps_the_priority_and_an_event_without_source_still_formats()
    {
        var exception = new InvalidOperationException("boom");
        var text = Format(new JournaldFormatter(syslogPrefixes: true), LogEventLevel.Error, "Link down:\n{Dump}", ("Dump", "frame 1\r\nframe 2"), exception: exception);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("<3>[ERR] Link down:", lines[0]);
        Assert.Equal("<3>frame 1", lines[1]);
        Assert.Equal("<3>frame 2", lines[2]);
        Assert.Equal("<3>System.InvalidOperationException: boom", lines[3]);
        Assert.All(lines, l => Assert.StartsWith("<3>", l, StringComparison.Ordinal));
        Assert.DoesNotContain('\r', text);
    }

    [Theory]
    [InlineData("8:123456", "socket:[123456]", true)]
    [InlineData("8:123456", "socket:[654321]", false)] // inherited from a desktop session: stdout is elsewhere
    [InlineData("8:123456", "/dev/pts/0", false)]
    [InlineData(null, "socket:[123456]", false)]
    [InlineData("", "socket:[123456]", false)]
    [InlineData("garbage", "socket:[garbage]", false)]
    [InlineData("8:12a", "socket:[12a]", false)]
    [InlineData("8:123456", null, false)]
    public void Journald_prefixes_only_when_stdout_is_the_journal_stream(string? journalStream, string? stdout, bool expected) =>
        Assert.Equal(expected, JournalStream.IsJournal(journalStream, stdout));

    private static string Format(JournaldFormatter formatter, LogEventLevel level, string template, (string Name, string Value) first,
        (string Name, string Value)? second = null, Exception? exception = null)
    {
        var properties = new List<LogEventProperty> { new(first.Name, new ScalarValue(first.Value)) };
        if (second is { } s) properties.Add(new LogEventProperty(s.Name, new ScalarValue(s.Value)));
        var logEvent = new LogEvent(DateTimeOffset.UtcNow, level, exception, new MessageTemplateParser().Parse(template), properties);
        using var output = new StringWriter();
        formatter.Format(logEvent, output);
        return output.ToString();
    }
}
