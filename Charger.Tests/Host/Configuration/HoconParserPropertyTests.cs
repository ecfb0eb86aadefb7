using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Charger.Host.Configuration;
using FsCheck;
using FsCheck.Fluent;

namespace Charger.Tests.Host.Configuration;

/// <summary>
/// Properties of <see cref="HoconParser"/> checked with FsCheck: any sequence of assignments, written in any
/// of the styles HOCON allows, parses to the keys an independent model of "later wins" predicts; and no
/// text, however broken, makes the parser throw anything but a <see cref="HoconParseException"/>.
/// </summary>
public sealed partial class HoconParserPropertyTests
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithQuietOnSuccess(true);

    /// <summary>One <c>path = value</c>; <see cref="Style"/> seeds how it is written.</summary>
    public sealed record Assignment(string[] Path, string Value, int Style);

    /// <summary>Assignments and their rendering, printed when the property fails.</summary>
    public sealed record Document(Assignment[] Assignments)
    {
        public string Text { get; } = Render(Assignments);

        public override string ToString() => Text;
    }

    [Fact]
    public void Any_assignments_in_any_style_parse_to_what_later_wins_predicts()
    {
        var property = Prop.ForAll(Documents().ToArbitrary(), document =>
        {
            var actual = HoconParser.Parse(document.Text, "property.conf", _ => null);
            var expected = Model(document.Assignments);
            return actual.Count == expected.Count
                && expected.All(e => actual.TryGetValue(e.Key, out var v) && v == e.Value);
        });

        Check.One(s_config.WithMaxTest(3_000), property);
    }

    [Fact]
    public void No_text_makes_the_parser_throw_anything_but_a_parse_error_inside_the_text()
    {
        var property = Prop.ForAll(Garbage().ToArbitrary(), text =>
        {
            try
            {
                HoconParser.Parse(text, "garbage.conf", name => name == "SET" ? "value" : null);
                return true;
            }
            catch (HoconParseException e)
            {
                var lines = text.Split('\n');
                return e.Line >= 1 && e.Line <= lines.Length && e.Column >= 1 && e.Column <= lines[e.Line - 1].Length + 1;
            }
        });

        Check.One(s_config.WithMaxTest(10_000), property);
    }

    /// <summary>What the keys must be: an assignment removes what it replaces (the same key, anything under it,
    /// and any scalar on its path, which becomes an object), then sets its key. Keys compare case-insensitively.</summary>
    private static Dictionary<string, string?> Model(IEnumerable<Assignment> assignments)
    {
        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var assignment in assignments)
        {
            var key = string.Join(':', assignment.Path);
            foreach (var old in keys.Keys.ToList())
            {
                if (old.Equals(key, StringComparison.OrdinalIgnoreCase)
                    || old.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase)
                    || key.StartsWith(old + ":", StringComparison.OrdinalIgnoreCase))
                    keys.Remove(old);
            }

            keys[key] = assignment.Value;
        }

        return keys;
    }

    private static string Render(IEnumerable<Assignment> assignments)
    {
        var text = new StringBuilder();
        foreach (var (path, value, style) in assignments)
        {
            var random = new Random(style);
            var keys = path.Select(p => RenderKeyPart(p, random)).ToArray();
            var separator = random.Next(4) switch { 0 => " = ", 1 => "=", 2 => ": ", _ => " : " };
            var rendered = RenderValue(value, random);
            // Dotted, or some of the path as nested objects (with or without a separator before the brace).
            var nested = random.Next(keys.Length);
            var open = string.Concat(keys.Take(nested).Select(k => k + (random.Next(2) == 0 ? " { " : " = {\n")));
            var field = string.Join('.', keys.Skip(nested)) + separator + rendered;
            var comment = random.Next(4) switch { 0 => " # note", 1 => " // note", _ => "" };
            var end = random.Next(3) switch { 0 => ",\n", 1 => ", ", _ => "\n" };
            text.Append(open).Append(field).Append(comment);
            if (nested > 0)
                text.Append('\n').AppendJoin(' ', Enumerable.Repeat("}", nested)); // after the comment's line ends
            else if (comment.Length > 0)
                end = "\n";
            text.Append(end);
        }

        return text.ToString();
    }

    private static string RenderKeyPart(string part, Random random) =>
        SimpleWord().IsMatch(part) && random.Next(3) > 0 ? part : Quote(part, random);

    private static string RenderValue(string value, Random random)
    {
        var unquotedSafe = SimpleWords().IsMatch(value) && value is not ("on" or "off" or "yes" or "no" or "null");
        return random.Next(3) switch
        {
            0 when unquotedSafe => value,
            1 when !value.Contains("\"\"\"", StringComparison.Ordinal) => "\"\"\"" + value + "\"\"\"",
            _ => Quote(value, random),
        };
    }

    /// <summary>JSON quoting; control characters must be escaped, anything else may be, at random.</summary>
    private static string Quote(string s, Random random)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in s)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => random.Next(2) == 0 ? "\\n" : "\\u000a",
                _ when c < ' ' || random.Next(8) == 0 => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    private static Gen<Document> Documents()
    {
        // Few distinct names, in two cases, so that paths collide, merge and replace each other often.
        var simplePart = Gen.Elements("a", "b", "A", "http", "HTTP", "port", "x-y", "_1", "ünï", "0");
        var oddPart = Gen.Elements("a.b", "with space", "tab\t", "\"q\"", "#", "//", "${X}", "é€", "true", "null");
        var part = Gen.Frequency((6, simplePart), (1, oddPart));
        var path = Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(part, n));
        var assignment = Gen.Zip(path, Values()).SelectMany(pv =>
            Gen.Choose(0, int.MaxValue - 1).Select(style => new Assignment(pv.Item1, pv.Item2, style)));
        return Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(assignment, n)).Select(a => new Document(a));
    }

    private static Gen<string> Values()
    {
        var special = Gen.Elements("abz AZ09_-.:/#$\"\\{}[],=+?!@*&`^\n\r\t'ü€".ToCharArray());
        var anyChar = Gen.Choose(0, 0xFFFF).Select(i => (char)i);
        var chars = Gen.Frequency((4, special), (1, anyChar));
        var free = Gen.Choose(0, 20).SelectMany(n => Gen.ArrayOf(chars, n)).Select(cs => new string(cs));
        var word = Gen.Elements("5s", "500ms", "10 seconds", "10MB", "true", "on", "no", "null", "5000", "-1.5", "left", "two words");
        return Gen.Frequency((2, free), (1, word));
    }

    /// <summary>Text made of HOCON's meaningful pieces, so that most of it reaches deep into the parser.</summary>
    private static Gen<string> Garbage()
    {
        var piece = Gen.Elements(
            "a", "b.c", "\"k\"", "=", ":", "{", "}", "[", "]", ",", "\n", " ", "\t", "\r\n", "#x\n", "//y\n", ".", "..",
            "\"", "\"\"\"", "\"s\\n\"", "\\", "\\u12", "\\u00e9", "${", "${SET}", "${?UNSET}", "${a}", "${b.c}", "${UNSET}", "$",
            "include ", "+=", "5s", "null", "on", "\"a:b\"", "\uFEFF", "\0", "é", "\uD800");
        var anyChar = Gen.Choose(0, 0xFFFF).Select(i => ((char)i).ToString());
        var pieces = Gen.Frequency((9, piece), (1, anyChar));
        return Gen.Frequency((3, Gen.Choose(0, 30)), (1, Gen.Choose(0, 200)))
            .SelectMany(n => Gen.ArrayOf(pieces, n))
            .Select(string.Concat);
    }

    // \z, not $: "$" also matches before a final newline, and a value ending in "\n" must be quoted.
    [GeneratedRegex(@"\A[A-Za-z0-9_-]+\z")]
    private static partial Regex SimpleWord();

    [GeneratedRegex(@"\A[A-Za-z0-9_.-]+( [A-Za-z0-9_.-]+)*\z")]
    private static partial Regex SimpleWords();
}
