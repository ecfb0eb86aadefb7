using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Charger.Host.Configuration;

/// <summary>
/// A lexical check of HOCON text before Akka.NET's parser sees it: it refuses, with a line and column, the
/// mistakes that Akka.NET 1.5's parser (Akka.Configuration.Hocon) does not report. It produces no values;
/// reading the file is Akka's. The one thing it changes in the text is <c>key = ${?NAME}</c> (see <see cref="Check"/>).
/// </summary>
/// <remarks>
/// <para>Each rule is here because of what the Akka 1.5.75 package does with such a file (tested; see
/// HoconSyntaxErrorTests):</para>
/// <list type="bullet">
/// <item><c>${?NAME}</c>: its tokenizer stops at the '?' and takes the '}' after NAME as the end of the document,
/// so every later setting is silently dropped (<c>key = ${?NAME}</c> on its own line is resolved before Akka
/// sees it; any other is refused). <c>${ name }</c> and other paths it cannot read go the same way.</item>
/// <item>A '}' that closes nothing: the rest of the file is silently dropped. A ']' where '}' belongs or the
/// reverse: inside an array, the parser loops forever; so does <c>key = value</c> directly inside an array
/// (<c>chargers = [ id = "a" ]</c>).</item>
/// <item>A '{' or '[' never closed, a quoted string not closed on its line, a <c>"""</c> never closed: accepted,
/// the last two taking the rest of the file as the value.</item>
/// <item><c>` ^ ? ! @ * &amp; \</c>, and '$' not starting <c>${</c>, outside quotes: an error without a line in an
/// object, a loop forever inside an array.</item>
/// <item>An escape other than JSON's in a quoted string: an error without a position.</item>
/// <item>Brackets or dotted keys nested very deep: the parser recurses, and a stack overflow kills the process.</item>
/// <item><c>+=</c>: read as a key ending in '+'.</item>
/// <item>An unquoted URL (<c>url = http://host</c>), the commonest mistake: an error without a position.</item>
/// </list>
/// </remarks>
internal static partial class HoconPrecheck
{
    /// <summary>How deep brackets, and dotted key parts in one word, may nest.</summary>
    public const int MaxDepth = 64;

    /// <summary>A <c>${path}</c> in the text: Akka's errors about it carry no position, so this finds it again.</summary>
    public readonly record struct Substitution(string Path, int Position);

    /// <summary>Characters HOCON forbids outside quotes that Akka.NET 1.5 does not reliably report.</summary>
    private const string Forbidden = "`^?!@*&\\";

    /// <summary>Characters Akka.NET 1.5 reads in a substitution path (its unquoted text, with the dots).</summary>
    private const string NotInPath = "$\"{}[]:=,#`^?!@*&\\";

    /// <summary>
    /// Checks <paramref name="text"/> and returns the text for Akka.NET to parse, with its <c>${path}</c> substitutions.
    /// </summary>
    /// <remarks>
    /// The returned text differs from <paramref name="text"/> in one way only. Installed charger.conf files are
    /// copies of an earlier release's template, which has lines like <c>data-dir = ${?CHARGER_DATA_DIR}</c>, and
    /// Akka.NET's parser has no <c>${?NAME}</c>. So a line <c>key = ${?NAME}</c> (the whole value, NAME an environment
    /// variable's name, a comment allowed after it) is resolved as that release's parser did: the variable's value,
    /// quoted, if it is set (even empty); else the line is blanked, and the key keeps an earlier value or its
    /// default. Line numbers are kept. Any other <c>${?...}</c> is refused.
    /// </remarks>
    /// <param name="environment">Looks up the environment variables of <c>key = ${?NAME}</c> lines.</param>
    /// <exception cref="ConfigurationException">Key <c>--config</c>; the message starts with <c>source:line:column:</c>.</exception>
    public static (string Text, IReadOnlyList<Substitution> Substitutions) Check(string text, string sourceName, Func<string, string?> environment)
    {
        var substitutions = new List<Substitution>();
        var lines = new List<(int Start, int End, string Replacement)>(); // resolved key = ${?NAME} lines
        var open = new Stack<(char Bracket, int Position)>();
        var dots = 0; // dotted parts in the current unquoted word
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '#' || (c == '/' && At(text, i + 1) == '/'))
            {
                i = EndOfLine(text, i);
                continue;
            }

            if (c == '"')
            {
                i = SkipQuoted(text, i, sourceName);
                continue;
            }

            if (c == '$')
            {
                if (At(text, i + 1) != '{')
                    throw Error(text, sourceName, i, "'$' is not allowed outside double quotes: quote the value, or write ${path} to refer to another setting");
                var end = text.IndexOf('}', i, EndOfLine(text, i) - i);
                if (end < 0)
                    throw Error(text, sourceName, i, "unterminated substitution: expected '}' to close '${' on the same line");
                var path = text[(i + 2)..end];
                if (path.StartsWith('?'))
                {
                    var line = OptionalVariable(text, i, end, environment)
                        ?? throw Error(text, sourceName, i, OptionalSubstitution(path[1..]));
                    lines.Add(line);
                    i = end + 1;
                    continue;
                }
                if (path.Length == 0 || path.Any(ch => char.IsWhiteSpace(ch) || NotInPath.Contains(ch, StringComparison.Ordinal)))
                    throw Error(text, sourceName, i, $"'${{{path}}}' is not a substitution Akka.NET reads: write ${{path}} with the dotted path of another setting in this file, without spaces or quotes");
                substitutions.Add(new Substitution(path, i));
                i = end + 1;
                continue;
            }

            switch (c)
            {
                case '{' or '[':
                    open.Push((c, i));
                    if (open.Count > MaxDepth)
                        throw Error(text, sourceName, i, $"objects and arrays nest more than {MaxDepth} levels deep");
                    break;
                case '}' or ']':
                    if (!open.TryPop(out var opener))
                        throw Error(text, sourceName, i, $"unexpected '{c}': nothing is open here");
                    if (Closing(opener.Bracket) != c)
                        throw Error(text, sourceName, i, $"unexpected '{c}': expected '{Closing(opener.Bracket)}' to close the '{opener.Bracket}' at {Where(text, opener.Position)}");
                    break;
                case ':' when At(text, i + 1) == '/' && At(text, i + 2) == '/':
                    throw Error(text, sourceName, i, "a URL must be in double quotes (unquoted, '//' starts a comment)");
                case '=' or ':' when open.TryPeek(out var inner) && inner.Bracket == '[':
                    throw Error(text, sourceName, i, $"'{c}' directly inside an array: an array holds values; write {{ key = value }} for an object in it");
                case '+' when At(text, i + 1) == '=':
                    throw Error(text, sourceName, i, "'+=' is not supported: write the whole array");
                case '.':
                    if (++dots > MaxDepth)
                        throw Error(text, sourceName, i, $"a dotted key nests more than {MaxDepth} levels deep");
                    break;
                default:
                    if (Forbidden.Contains(c, StringComparison.Ordinal))
                        throw Error(text, sourceName, i, $"'{c}' is not allowed outside double quotes: put the value in double quotes");
                    break;
            }

            if (char.IsWhiteSpace(c) || c is '=' or ':' or ',' or '{' or '}' or '[' or ']')
                dots = 0;
            i++;
        }

        if (open.TryPeek(out var unclosed))
            throw Error(text, sourceName, text.Length, $"expected '{Closing(unclosed.Bracket)}' to close the '{unclosed.Bracket}' at {Where(text, unclosed.Position)}");
        if (lines.Count == 0)
            return (text, substitutions);

        var resolved = new StringBuilder(text.Length);
        var copied = 0;
        foreach (var (start, end, replacement) in lines)
        {
            resolved.Append(text, copied, start - copied).Append(replacement);
            copied = end;
        }

        resolved.Append(text, copied, text.Length - copied);
        return Check(resolved.ToString(), sourceName, environment); // none left; the positions are the new text's
    }

    /// <summary>The replacement of the line holding <c>${?NAME}</c> (from <paramref name="dollar"/> to the '}' at
    /// <paramref name="close"/>) if it is <c>key = ${?NAME}</c>; null for any other use.</summary>
    private static (int Start, int End, string Replacement)? OptionalVariable(string text, int dollar, int close, Func<string, string?> environment)
    {
        var start = dollar == 0 ? 0 : text.LastIndexOf('\n', dollar - 1) + 1;
        var end = EndOfLine(text, close);
        var name = text[(dollar + 3)..close].Trim(); // the earlier parser allowed ${? NAME }
        if (!VariableName().IsMatch(name) || !KeyAndSeparator().IsMatch(text.AsSpan(start, dollar - start)) || !OnlyComment().IsMatch(text.AsSpan(close + 1, end - close - 1)))
            return null;
        return environment(name) is { } value
            ? (start, end, text[start..dollar] + Quote(value) + text[(close + 1)..end])
            : (start, end, "");
    }

    /// <summary>A HOCON quoted string holding exactly <paramref name="value"/>.</summary>
    private static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
                quoted.Append('\\').Append(c);
            else if (c < ' ')
                quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else
                quoted.Append(c);
        }

        return quoted.Append('"').ToString();
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    /// <summary>What may stand before <c>${?NAME}</c> on its line: an unquoted (dotted) key and '=' or ':'.</summary>
    [GeneratedRegex(@"^[ \t]*[^\s""=:{}\[\],#$]+[ \t]*[=:][ \t]*$")]
    private static partial Regex KeyAndSeparator();

    [GeneratedRegex(@"^\s*((#|//).*)?$")]
    private static partial Regex OnlyComment();

    /// <summary>1-based line and column of <paramref name="position"/>, counted in UTF-16 characters.</summary>
    public static (int Line, int Column) LineAndColumn(string text, int position)
    {
        position = Math.Clamp(position, 0, text.Length);
        var lineStart = position == 0 ? 0 : text.LastIndexOf('\n', position - 1) + 1;
        var line = 1 + text.AsSpan(0, lineStart).Count('\n');
        return (line, position - lineStart + 1);
    }

    /// <summary>The message for an error at <paramref name="position"/> in the text.</summary>
    public static ConfigurationException Error(string text, string sourceName, int position, string reason)
    {
        var (line, column) = LineAndColumn(text, position);
        return new ConfigurationException("--config", $"{sourceName}:{line}:{column}: {reason}");
    }

    private static string OptionalSubstitution(string name) =>
        $"'${{?{name}}}' is read only as a setting's whole value on a line of its own, as in key = ${{?VARIABLE}}: " +
        "Akka.NET's HOCON reads no environment variables. Elsewhere, set the value from the environment with " +
        "CHARGER__SECTION__KEY (e.g. CHARGER__HTTP__URL).";

    /// <summary>Skips a quoted or triple-quoted string, checking that it ends and that its escapes are JSON's.</summary>
    private static int SkipQuoted(string text, int start, string sourceName)
    {
        if (text.AsSpan(start).StartsWith("\"\"\""))
        {
            var end = text.IndexOf("\"\"\"", start + 3, StringComparison.Ordinal);
            if (end < 0)
                throw Error(text, sourceName, start, "unterminated triple-quoted string: expected a closing \"\"\"");
            return end + 3;
        }

        var i = start + 1;
        while (true)
        {
            var c = At(text, i);
            if (i >= text.Length || c == '\n')
                throw Error(text, sourceName, start, "unterminated quoted string: it must end on the same line (use \"\"\" for text on several lines)");
            if (c == '"')
                return i + 1;
            if (c == '\\')
            {
                var escape = At(text, i + 1);
                var valid = escape is '"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't'
                    || (escape == 'u' && i + 6 <= text.Length && text.AsSpan(i + 2, 4).IndexOfAnyExcept(s_hexDigits) < 0);
                if (!valid)
                    throw Error(text, sourceName, i, "invalid escape: quoted strings take JSON escapes (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                i += escape == 'u' ? 6 : 2;
                continue;
            }

            i++;
        }
    }

    private static readonly System.Buffers.SearchValues<char> s_hexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';

    private static int EndOfLine(string text, int i)
    {
        var end = text.IndexOf('\n', i);
        return end < 0 ? text.Length : end;
    }

    private static char Closing(char bracket) => bracket == '{' ? '}' : ']';

    private static string Where(string text, int position)
    {
        var (line, column) = LineAndColumn(text, position);
        return $"{line}:{column}";
    }
}
