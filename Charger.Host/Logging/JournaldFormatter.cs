using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace Charger.Host.Logging;

/// <summary>
/// The console format, made for journald: <c>[INF] Charger.Actors.Serial.SerialPortActor: Serial link up on /dev/ttyUSB0</c>.
/// No timestamp (journald stamps every line). When stdout is the journal (<see cref="JournalStream"/>), every
/// line, including each line of a multi-line message or stack trace, also starts with the syslog priority
/// prefix <c>&lt;N&gt;</c> that journald strips and stores as the entry's PRIORITY, so
/// <c>journalctl -u charger -p warning</c> filters and colours by level. On a terminal the prefix is left out.
/// </summary>
public sealed class JournaldFormatter : ITextFormatter
{
    public const string Template = "[{Level:u3}] {SourceContext:l}: {Message:lj}{NewLine}{Exception}";

    private const string NoSourceTemplate = "[{Level:u3}] {Message:lj}{NewLine}{Exception}";

    private readonly MessageTemplateTextFormatter _withSource = new(Template, System.Globalization.CultureInfo.InvariantCulture);
    private readonly MessageTemplateTextFormatter _withoutSource = new(NoSourceTemplate, System.Globalization.CultureInfo.InvariantCulture);

    public JournaldFormatter(bool syslogPrefixes) => SyslogPrefixes = syslogPrefixes;

    public bool SyslogPrefixes { get; }

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        (logEvent.Properties.ContainsKey("SourceContext") ? _withSource : _withoutSource).Format(logEvent, text);
        var rendered = text.ToString().TrimEnd('\r', '\n');
        var prefix = SyslogPrefixes ? $"<{SyslogPriority(logEvent.Level)}>" : "";
        foreach (var line in rendered.Split('\n'))
        {
            output.Write(prefix);
            output.Write(line.TrimEnd('\r'));
            output.Write('\n');
        }
    }

    /// <summary>RFC 5424 severities: crit, err, warning, info, debug.</summary>
    public static int SyslogPriority(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => 2,
        LogEventLevel.Error => 3,
        LogEventLevel.Warning => 4,
        LogEventLevel.Information => 6,
        _ => 7,
    };
}
