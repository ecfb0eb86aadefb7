using System.Globalization;
using System.Text;

namespace Charger.Host.Configuration;

/// <summary>
/// Parses the subset of HOCON that <c>charger.conf</c> needs into configuration keys
/// (<c>http.url</c> becomes <c>http:url</c>, array elements <c>chargers:0:id</c>).
/// </summary>
/// <remarks>
/// <para>
/// Hand-written because no HOCON parser package restores from our registry. It is kept small on purpose:
/// whatever falls outside the subset below is a <see cref="HoconParseException"/> with a line and column,
/// never a guess, and no input makes it throw anything else.
/// </para>
/// <para>The subset:</para>
/// <list type="bullet">
/// <item><c>#</c> and <c>//</c> comments to the end of the line (not inside quoted strings).</item>
/// <item>Fields <c>key = value</c> or <c>key : value</c>, and <c>key { ... }</c> without a separator; fields
/// are separated by new lines or commas (one trailing comma allowed). The document may be wrapped in braces.</item>
/// <item>Dotted keys: <c>a.b.c = 1</c> is <c>a { b { c = 1 } }</c>; quoted key parts (<c>"a.b"</c>) keep their
/// dots. Objects with the same key merge, and a later scalar, array or object replaces an earlier value of
/// another kind. Keys are case-insensitive, as configuration keys are; a key may not contain ':' or be empty.</item>
/// <item>Unquoted values run to the end of the line, a comma, a closing bracket or a comment and are trimmed.
/// They may not contain <c>$ " { } [ ] : = , + # ` ^ ? ! @ * &amp; \</c> (as in HOCON), so URLs, times and
/// Windows paths must be quoted: a misplaced character is an error, not a silently cut value.</item>
/// <item>Quoted strings with JSON escapes, on one line, and triple-quoted <c>"""raw strings"""</c> that may span
/// lines. Pieces on one line concatenate with the whitespace between them: <c>${HOME}"/charger" logs</c>.</item>
/// <item>Numbers are kept as written. <c>true</c>/<c>false</c> are kept; unquoted <c>on</c>/<c>yes</c> become
/// <c>"true"</c> and <c>off</c>/<c>no</c> become <c>"false"</c>, because the configuration binder's bool only takes
/// true/false. Unquoted <c>null</c> sets the key with a null value, which the binder treats as unset.</item>
/// <item>Durations (<c>5s</c>, <c>10 seconds</c>) and sizes (<c>10MB</c>) stay strings; <see cref="HoconConverters"/>
/// turns them into TimeSpan and long when options are bound.</item>
/// <item>Arrays <c>[a, b, c]</c> of scalars, objects or arrays, separated by commas or new lines. A later array
/// replaces an earlier one whole; empty arrays and objects produce no configuration key.</item>
/// <item>Substitutions <c>${name}</c> (required) and <c>${?name}</c> (optional), where name is a simple dotted path:
/// first a key defined earlier in the document, with exact case, then the environment variable of that name.
/// An undefined optional substitution leaves the key unset (keeping any earlier value), is dropped from an
/// array, and is empty inside a concatenation. Unlike full HOCON, a substitution sees only what is defined
/// above it, and may only stand for a single value, not an object or array.</item>
/// <item>Not supported, each a clear error: <c>include</c>, <c>+=</c>, concatenating objects or arrays, and
/// nesting deeper than <see cref="MaxDepth"/>.</item>
/// </list>
/// </remarks>
public sealed class HoconParser
{
    /// <summary>How deep objects, arrays and dotted key parts may nest: parsing and flattening recurse, and a
    /// hostile file must get an error, not a stack overflow that no handler can catch.</summary>
    public const int MaxDepth = 64;

    private const string ForbiddenInUnquoted = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _sourceName;
    private readonly Func<string, string?> _environment;
    private readonly HoconObject _root = new();
    private int _pos;

    private HoconParser(string text, string sourceName, Func<string, string?> environment)
    {
        _text = text;
        _sourceName = sourceName;
        _environment = environment;
    }

    /// <summary>Parses <paramref name="text"/> into case-insensitive configuration keys and values.</summary>
    /// <param name="text">The HOCON document.</param>
    /// <param name="sourceName">Names the document in error messages, usually the file name.</param>
    /// <param name="environment">Looks up environment variables for substitutions; the process environment when null.</param>
    /// <exception cref="HoconParseException">The text is not in the supported subset, or a required substitution is undefined.</exception>
    public static Dictionary<string, string?> Parse(string text, string sourceName = "<string>", Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var parser = new HoconParser(text, sourceName, environment ?? Environment.GetEnvironmentVariable);
        if (text.StartsWith('\uFEFF'))
            parser._pos = 1; // a byte order mark left in a string; stream readers drop it themselves
        parser.ReadDocument();
        return parser._root.Flatten();
    }

    private void ReadDocument()
    {
        SkipSpaceAndNewLines();
        if (Peek() == '[')
            throw Error(_pos, "the document must be an object, not an array");
        if (Peek() != '{')
        {
            ReadFields(_root, "", openedAt: -1, level: 0);
            return;
        }

        var open = _pos++;
        ReadFields(_root, "", open, level: 0);
        SkipSpaceAndNewLines();
        if (!AtEnd)
            throw Error(_pos, $"unexpected {Describe(Peek())} after the '}}' that closes the document");
    }

    /// <summary>Reads fields into <paramref name="target"/> until its closing brace, or the end of the document
    /// when <paramref name="openedAt"/> is -1 (a document without braces). <paramref name="level"/> is how deep
    /// <paramref name="target"/> sits in the tree.</summary>
    private void ReadFields(HoconObject target, string name, int openedAt, int level)
    {
        var braced = openedAt >= 0;
        CheckDepth(level, openedAt);
        while (true)
        {
            SkipSpaceAndNewLines();
            var c = Peek();
            if (c == -1)
            {
                if (braced)
                    throw Error(_pos, $"expected '}}' to close {ObjectName(name)} opened at {Where(openedAt)}");
                break;
            }

            if (c == '}')
            {
                if (!braced)
                    throw Error(_pos, "unexpected '}': no object is open here");
                _pos++;
                break;
            }

            if (c == ']')
                throw Error(_pos, braced
                    ? $"unexpected ']': expected '}}' to close {ObjectName(name)} opened at {Where(openedAt)}"
                    : "unexpected ']': no array is open here");
            if (c == ',')
                throw Error(_pos, "unexpected ',': expected a key");

            var key = ReadField(target, name, level);
            SkipSpaceAndComment();
            c = Peek();
            if (c == ',')
                _pos++;
            else if (c is not (-1 or '\n' or '}' or ']'))
                throw Error(_pos, $"expected ',' or a new line after the value of '{key}', found {Describe(c)}");
        }
    }

    /// <summary>Reads one field into <paramref name="target"/> and returns its full dotted name.</summary>
    private string ReadField(HoconObject target, string parentName, int level)
    {
        var keyStart = _pos;
        var (path, bare) = ReadKey();
        CheckDepth(level + path.Length, keyStart);
        var name = parentName.Length == 0 ? string.Join('.', path) : parentName + "." + string.Join('.', path);
        SkipSpaceAndComment();
        var c = Peek();
        if (bare && path[0] == "include" && (c == '"' || (c > 0 && char.IsLetter((char)c))))
            throw Error(keyStart, "'include' is not supported: put the settings in this file, or override them with environment variables");

        if (c == '=' || c == ':')
        {
            _pos++;
            SkipSpaceAndComment();
            c = Peek();
            if (c == '[')
            {
                target.Set(path, ReadArray(name, level + path.Length));
                return name;
            }

            if (c != '{')
            {
                var value = ReadValue(name);
                if (value is not null)
                    target.Set(path, value);
                return name;
            }
        }

        if (c == '{')
        {
            var open = _pos++;
            ReadFields(target.ObjectAt(path), name, open, level + path.Length);
            return name;
        }

        if (c == '+' && Peek(1) == '=')
            throw Error(_pos, $"'+=' is not supported: write the whole array for '{name}'");
        throw Error(_pos, $"expected '=', ':' or '{{' after the key '{name}', found {Describe(c)}");
    }

    /// <summary>Reads a dotted key into its parts; <c>Bare</c> says it was one unquoted word (to spot <c>include</c>).</summary>
    private (string[] Path, bool Bare) ReadKey()
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var partStart = _pos;
        var started = false;
        var quoted = false;
        while (true)
        {
            var c = Peek();
            if (c == '"')
            {
                if (IsTripleQuote())
                    throw Error(_pos, "a key cannot be a triple-quoted string");
                current.Append(ReadQuoted());
                started = quoted = true;
            }
            else if (c == '.')
            {
                if (!started)
                    throw Error(_pos, parts.Count == 0 ? "a key cannot start with '.'" : "a key cannot contain '..'");
                parts.Add(CheckedKeyPart(current.ToString(), partStart));
                current.Clear();
                started = false;
                partStart = ++_pos;
            }
            else if (IsUnquotedChar(c) && !IsCommentStart())
            {
                var start = _pos;
                while (IsUnquotedChar(Peek()) && Peek() != '.' && !IsCommentStart())
                    _pos++;
                current.Append(_text, start, _pos - start);
                started = true;
            }
            else
            {
                break;
            }
        }

        if (!started)
            throw Error(_pos, parts.Count == 0 ? $"expected a key, found {Describe(Peek())}" : "a key cannot end with '.'");
        parts.Add(CheckedKeyPart(current.ToString(), partStart));
        return ([.. parts], parts.Count == 1 && !quoted);
    }

    private string CheckedKeyPart(string part, int position)
    {
        if (part.Length == 0)
            throw Error(position, "a key cannot be empty");
        if (part.Contains(':', StringComparison.Ordinal))
            throw Error(position, $"the key \"{part}\" contains ':', which configuration uses to separate sections");
        return part;
    }

    private HoconArray ReadArray(string name, int level)
    {
        var open = _pos++;
        CheckDepth(level, open);
        var array = new HoconArray();
        while (true)
        {
            SkipSpaceAndNewLines();
            var c = Peek();
            if (c == ']')
            {
                _pos++;
                break;
            }

            if (c is -1 or '}')
                throw Error(_pos, $"{(c == -1 ? "" : "unexpected '}': ")}expected ']' to close the array '{name}' opened at {Where(open)}");
            if (c == ',')
                throw Error(_pos, $"unexpected ',' in the array '{name}': expected an element or ']'");

            var element = $"{name}[{array.Items.Count}]";
            if (c == '{')
            {
                var obj = new HoconObject();
                ReadFields(obj, element, _pos++, level + 1);
                array.Items.Add(obj);
            }
            else if (c == '[')
            {
                array.Items.Add(ReadArray(element, level + 1));
            }
            else if (ReadValue(element) is { } value)
            {
                array.Items.Add(value);
            }

            SkipSpaceAndComment();
            c = Peek();
            if (c == ',')
                _pos++;
            else if (c is not (-1 or '\n' or ']' or '}'))
                throw Error(_pos, $"expected ',' or ']' after an element of the array '{name}', found {Describe(c)}");
        }

        return array;
    }

    private enum PieceKind { Space, Unquoted, Quoted, Substitution }

    /// <summary>A piece of a value; <c>Defined</c> is false only for an optional substitution that found nothing.</summary>
    private readonly record struct Piece(PieceKind Kind, string? Text, bool Defined = true);

    /// <summary>Reads a single value: the pieces up to the end of the line, a comma, a closing bracket or a comment.
    /// Returns null when the value is one undefined optional substitution, so the key is left alone.</summary>
    private HoconScalar? ReadValue(string name)
    {
        var pieces = new List<Piece>();
        while (true)
        {
            var c = Peek();
            if (c is -1 or '\n' or ',' or '}' or ']' || IsCommentStart())
                break;

            var start = _pos;
            if (IsInlineSpace(c))
            {
                while (IsInlineSpace(Peek()))
                    _pos++;
                pieces.Add(new Piece(PieceKind.Space, _text[start.._pos]));
            }
            else if (c == '"')
            {
                pieces.Add(new Piece(PieceKind.Quoted, IsTripleQuote() ? ReadTripleQuoted() : ReadQuoted()));
            }
            else if (c == '$' && Peek(1) == '{')
            {
                pieces.Add(ReadSubstitution());
            }
            else if (c is '{' or '[')
            {
                throw Error(_pos, $"'{(char)c}' cannot follow other text in the value of '{name}' (objects and arrays do not concatenate); quote the value if '{(char)c}' belongs to it");
            }
            else if (!IsUnquotedChar(c))
            {
                throw Error(_pos, $"'{(char)c}' is not allowed in an unquoted value (in '{name}'): put the value in double quotes");
            }
            else
            {
                while (IsUnquotedChar(Peek()) && !IsCommentStart())
                    _pos++;
                pieces.Add(new Piece(PieceKind.Unquoted, _text[start.._pos]));
            }
        }

        while (pieces.Count > 0 && pieces[^1].Kind == PieceKind.Space)
            pieces.RemoveAt(pieces.Count - 1);
        if (pieces.Count == 0)
            throw Error(_pos, $"expected a value for '{name}', found {Describe(Peek())}");

        if (pieces.Count == 1)
        {
            var only = pieces[0];
            if (!only.Defined)
                return null;
            if (only.Kind != PieceKind.Unquoted)
                return new HoconScalar(only.Text);
            return new HoconScalar(only.Text switch
            {
                "on" or "yes" => "true",
                "off" or "no" => "false",
                "null" => null,
                var text => text,
            });
        }

        return new HoconScalar(string.Concat(pieces.Select(p => p.Text)));
    }

    /// <summary>Reads <c>${name}</c> or <c>${?name}</c> and resolves it: a key defined above, then the environment.</summary>
    private Piece ReadSubstitution()
    {
        var start = _pos;
        _pos += 2;
        var optional = Peek() == '?';
        if (optional)
            _pos++;
        var nameStart = _pos;
        while (Peek() is not (-1 or '\n' or '}'))
            _pos++;
        if (Peek() != '}')
            throw Error(start, "unterminated substitution: expected '}' to close '${' on the same line");
        var raw = _text[nameStart.._pos];
        _pos++;

        var name = raw.Trim();
        var path = name.Split('.');
        if (path.Any(p => p.Length == 0 || !p.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-')))
            throw Error(start, $"'${{{(optional ? "?" : "")}{raw}}}' is not a supported substitution: the name may only hold letters, digits, '_', '-' and '.' between parts");

        switch (_root.FindExact(path))
        {
            case HoconScalar scalar:
                return new Piece(PieceKind.Substitution, scalar.Value);
            case HoconObject:
                throw Error(start, $"'${{{name}}}' refers to an object: only single values can be substituted");
            case HoconArray:
                throw Error(start, $"'${{{name}}}' refers to an array: only single values can be substituted");
        }

        if (_environment(name) is { } value)
            return new Piece(PieceKind.Substitution, value);
        if (optional)
            return new Piece(PieceKind.Substitution, null, Defined: false);
        throw Error(start, $"'${{{name}}}' is not defined: set the environment variable {name}, define '{name}' above this line, or write '${{?{name}}}' to make it optional");
    }

    /// <summary>Reads a one-line quoted string with JSON escapes.</summary>
    private string ReadQuoted()
    {
        var start = _pos++;
        var value = new StringBuilder();
        while (true)
        {
            var c = Peek();
            if (c is -1 or '\n')
                throw Error(start, "unterminated quoted string: it must end on the same line (use \"\"\" for text on several lines)");
            _pos++;
            if (c == '"')
                return value.ToString();
            if (c != '\\')
            {
                value.Append((char)c);
                continue;
            }

            var escape = Peek();
            switch (escape)
            {
                case '"' or '\\' or '/': value.Append((char)escape); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'u':
                    if (_pos + 5 > _text.Length
                        || !ushort.TryParse(_text.AsSpan(_pos + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        throw Error(_pos - 1, "invalid escape: '\\u' must be followed by four hex digits");
                    value.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    throw Error(_pos - 1, $"invalid escape '\\' followed by {Describe(escape)}: quoted strings take JSON escapes (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
            }

            _pos++;
        }
    }

    /// <summary>Reads a raw <c>"""..."""</c> string; quotes just before the closing three belong to the text, as in HOCON.</summary>
    private string ReadTripleQuoted()
    {
        var start = _pos;
        _pos += 3;
        var end = _text.IndexOf("\"\"\"", _pos, StringComparison.Ordinal);
        if (end < 0)
            throw Error(start, "unterminated triple-quoted string: expected a closing \"\"\"");
        while (end + 3 < _text.Length && _text[end + 3] == '"')
            end++;
        var value = _text[_pos..end];
        _pos = end + 3;
        return value;
    }

    /// <summary>Bounds the nesting of braces, brackets and dotted keys alike: parsing and flattening recurse.</summary>
    private void CheckDepth(int level, int position)
    {
        if (level > MaxDepth)
            throw Error(position, $"objects, arrays and dotted keys nest more than {MaxDepth} levels deep");
    }

    private bool AtEnd => _pos >= _text.Length;

    /// <summary>The character <paramref name="ahead"/> places on, or -1 past the end (a NUL in the text stays a character).</summary>
    private int Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : -1;

    private bool IsCommentStart() => Peek() == '#' || (Peek() == '/' && Peek(1) == '/');

    private bool IsTripleQuote() => Peek() == '"' && Peek(1) == '"' && Peek(2) == '"';

    private static bool IsInlineSpace(int c) => c >= 0 && c != '\n' && char.IsWhiteSpace((char)c);

    /// <summary>Whether <paramref name="c"/> may be part of an unquoted key or value ('.' separates key parts,
    /// so key reading stops on it separately).</summary>
    private static bool IsUnquotedChar(int c) =>
        c >= 0 && !char.IsWhiteSpace((char)c) && !ForbiddenInUnquoted.Contains((char)c, StringComparison.Ordinal);

    /// <summary>Skips spaces and a comment, but not the new line that ends them: new lines separate fields.</summary>
    private void SkipSpaceAndComment()
    {
        while (IsInlineSpace(Peek()))
            _pos++;
        if (IsCommentStart())
            while (Peek() is not (-1 or '\n'))
                _pos++;
    }

    private void SkipSpaceAndNewLines()
    {
        while (true)
        {
            SkipSpaceAndComment();
            if (Peek() != '\n')
                return;
            _pos++;
        }
    }

    private static string ObjectName(string name) => name.Length == 0 ? "the document's '{'" : $"the object '{name}'";

    private static string Describe(int c) => c switch
    {
        -1 => "the end of the text",
        '\n' => "a new line",
        _ when char.IsControl((char)c) || char.IsWhiteSpace((char)c) => $"U+{c:X4}",
        _ => $"'{(char)c}'",
    };

    private string Where(int position)
    {
        var (line, column) = LineAndColumn(position);
        return $"{line}:{column}";
    }

    private (int Line, int Column) LineAndColumn(int position)
    {
        int line = 1, column = 1;
        for (var i = 0; i < position && i < _text.Length; i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }

    private HoconParseException Error(int position, string reason)
    {
        var (line, column) = LineAndColumn(position);
        return new HoconParseException(_sourceName, line, column, reason);
    }
}
