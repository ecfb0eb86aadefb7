using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Charger.Host.Configuration;

/// <summary>
/// Reads HOCON with Akka.NET's own parser (<see cref="ConfigurationFactory.ParseString(string, Func{string, HoconRoot})"/>)
/// and turns the result into configuration keys (<c>http.url</c> becomes <c>http:url</c>, array elements
/// <c>chargers:0:id</c>). Every failure is a <see cref="ConfigurationException"/> with the key <c>--config</c>,
/// whose message starts with <c>source:line:column:</c> where a position is known, or <c>source:</c> where
/// Akka's error has none.
/// </summary>
/// <remarks>
/// <para>What Akka.NET 1.5 reads differs from the full HOCON spec, and this follows Akka rather than patching it:</para>
/// <list type="bullet">
/// <item>No environment variables in Akka: <c>${path}</c> is another setting of the file (its final value, wherever
/// it is defined); an environment variable there is refused. The environment reaches settings through the
/// <c>CHARGER_*</c> variables (<see cref="HostConfiguration"/>), and, for files written for an earlier release,
/// through <c>key = ${?NAME}</c> on its own line, which <see cref="HoconPrecheck.Check"/> resolves before Akka
/// parses the text; any other <c>${?NAME}</c> is refused.</item>
/// <item>Keys are case-sensitive in Akka; configuration keys are not, so <c>Http.url</c> and <c>http.url</c>
/// end up as one key, the later in the file winning.</item>
/// <item>A value is trimmed, quoted or not, and <c>null</c>, quoted or not, is HOCON's null: the key is set
/// with a null value, which hides an earlier source's value and binds as unset.</item>
/// <item>Values stay as written (<c>5s</c>, <c>10MiB</c>, <c>on</c>); <see cref="HoconConverters"/> reads them
/// when options are bound. Empty objects and arrays produce no key.</item>
/// <item><c>include</c> is refused: the settings belong in this one file.</item>
/// </list>
/// </remarks>
public static partial class HoconReader
{
    /// <summary>Parses <paramref name="text"/> with Akka.NET's parser after <see cref="HoconPrecheck"/>.</summary>
    /// <param name="text">The HOCON document.</param>
    /// <param name="sourceName">Names the document in error messages, usually the file's path.</param>
    /// <param name="environment">Looks up the variables of <c>key = ${?NAME}</c> lines; the process environment when null.</param>
    /// <exception cref="ConfigurationException">The text does not parse, or a substitution is undefined or refers to itself.</exception>
    public static Config Parse(string text, string sourceName, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        (text, var substitutions) = HoconPrecheck.Check(text, sourceName, environment ?? Environment.GetEnvironmentVariable);
        Config config;
        try
        {
            config = ConfigurationFactory.ParseString(text, included =>
                throw new ConfigurationException("--config", $"{sourceName}: include \"{included}\" is not supported: put the settings in this file."));
        }
        catch (ConfigurationException)
        {
            throw;
        }
        // Akka's parser throws FormatException, its own ConfigurationException, and plain Exception ("End of file
        // reached while trying to read a value"); whatever it throws, the file is what is wrong.
        catch (Exception e)
        {
            throw Explain(e, text, sourceName, substitutions);
        }

        RefuseCycles(config.Root, text, sourceName, substitutions);
        return config;
    }

    /// <summary>Configuration keys and values of <paramref name="config"/>: nested keys joined with ':', array
    /// elements by index, null for HOCON's null; empty objects and arrays produce no key.</summary>
    public static Dictionary<string, string?> Flatten(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(config.Root, "", data);
        return data;
    }

    private static void Flatten(HoconValue value, string prefix, Dictionary<string, string?> data)
    {
        if (value.IsObject())
        {
            foreach (var (key, item) in value.GetObject().Items)
                Flatten(item, prefix.Length == 0 ? key : $"{prefix}:{key}", data);
        }
        else if (value.IsArray())
        {
            var items = value.GetArray();
            for (var i = 0; i < items.Count; i++)
                Flatten(items[i], $"{prefix}:{i.ToString(CultureInfo.InvariantCulture)}", data);
        }
        else if (value.IsString() && prefix.Length > 0)
        {
            data[prefix] = value.GetString();
        }
    }

    private static ConfigurationException Explain(Exception e, string text, string sourceName, IReadOnlyList<HoconPrecheck.Substitution> substitutions)
    {
        // "Unknown token at position 6: \n<the line>\n      ^": the one error of Akka's with a position (0-based).
        if (UnknownToken().Match(e.Message) is { Success: true } token
            && int.TryParse(token.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            var found = position < text.Length ? Describe(text[position]) : "the end of the file";
            return HoconPrecheck.Error(text, sourceName, position, $"unexpected {found} (Akka.NET's HOCON parser: unknown token)");
        }

        // "Unresolved substitution: a.b": no position, but the precheck saw where ${a.b} is.
        if (UnresolvedSubstitution().Match(e.Message) is { Success: true } unresolved)
        {
            var path = unresolved.Groups[1].Value;
            var reason = $"'${{{path}}}' is not a setting in this file: Akka.NET's HOCON substitutes other settings of the file, never environment variables; set a value from the environment with CHARGER__SECTION__KEY instead, or write key = ${{?{path}}} on a line of its own (unset, the key keeps its default).";
            return substitutions.FirstOrDefault(s => s.Path == path) is { Path: not null } at
                ? HoconPrecheck.Error(text, sourceName, at.Position, reason)
                : new ConfigurationException("--config", $"{sourceName}: {reason}", e);
        }

        return new ConfigurationException("--config", $"{sourceName}: {OneLine(e.Message)}", e);
    }

    /// <summary>
    /// Akka resolves <c>a = ${a}</c> to the value that holds the substitution itself (and the same through
    /// other substitutions, or an object holding one); reading it then recurses until the stack overflows,
    /// which no handler can catch. The old idiom <c>path = ${path}"/more"</c> does that.
    /// </summary>
    private static void RefuseCycles(HoconValue root, string text, string sourceName, IReadOnlyList<HoconPrecheck.Substitution> substitutions)
    {
        var done = new HashSet<HoconValue>(ReferenceEqualityComparer.Instance);
        var onPath = new HashSet<HoconValue>(ReferenceEqualityComparer.Instance);
        Visit(root, via: null);

        void Visit(HoconValue value, HoconSubstitution? via)
        {
            if (done.Contains(value))
                return;
            if (!onPath.Add(value))
            {
                var path = via?.Path ?? "?";
                var reason = $"'${{{path}}}' refers to itself: Akka.NET's HOCON substitutes the final value of '{path}', so a value cannot extend itself; write the whole value.";
                throw substitutions.FirstOrDefault(s => s.Path == path) is { Path: not null } at
                    ? HoconPrecheck.Error(text, sourceName, at.Position, reason)
                    : new ConfigurationException("--config", $"{sourceName}: {reason}");
            }

            foreach (var element in value.Values)
            {
                switch (element)
                {
                    case HoconSubstitution { ResolvedValue: { } resolved } substitution:
                        Visit(resolved, substitution);
                        break;
                    case HoconObject obj:
                        foreach (var item in obj.Items.Values)
                            Visit(item, via);
                        break;
                    case HoconArray array:
                        foreach (var item in array)
                            Visit(item, via);
                        break;
                }
            }

            onPath.Remove(value);
            done.Add(value);
        }
    }

    private static string Describe(char c) => c switch
    {
        '\n' or '\r' => "a new line",
        _ when char.IsControl(c) || char.IsWhiteSpace(c) => $"U+{(int)c:X4}",
        _ => $"'{c}'",
    };

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex(@"^Unknown token at position (\d+)")]
    private static partial Regex UnknownToken();

    [GeneratedRegex(@"^Unresolved substitution: (.*)$")]
    private static partial Regex UnresolvedSubstitution();
}
