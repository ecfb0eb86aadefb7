using System.Text;
using Akka.Configuration;

namespace Charger.Host.Configuration;

/// <summary>
/// The configuration file's <c>akka { }</c> section (with its <c>--set</c> and <c>CHARGER__AKKA__…</c> overrides)
/// as Akka's own <see cref="Config"/>, so an operator tunes Akka (log level, dispatchers) in the same file.
/// Its keys are Akka's: we do not check them (Akka reads what it knows and ignores the rest).
/// </summary>
public static class AkkaSection
{
    public const string Key = "akka";

    public static Config From(IConfiguration configuration)
    {
        var hocon = new StringBuilder();
        foreach (var (key, value) in configuration.GetSection(Key).AsEnumerable(makePathsRelative: false))
        {
            if (value is null) continue; // an object: its leaves follow
            var path = string.Join('.', key.Split(':').Select(Quote));
            hocon.Append(path).Append(" = ").Append(Quote(value)).Append('\n');
        }
        return hocon.Length == 0 ? Config.Empty : ConfigurationFactory.ParseString(hocon.ToString());
    }

    // Every path element and value quoted: a value like a dispatcher's type name or "1s" stays as written.
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
