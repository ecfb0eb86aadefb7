using Charger.Host.Configuration;

namespace Charger.Tests.Host.Configuration;

/// <summary>
/// A file that does not parse: each error says where (source:line:column where a position is known) and what
/// is wrong. Many of these cases are ones Akka.NET 1.5's parser alone would accept and silently cut short, or
/// never return from, or crash on; <see cref="HoconPrecheck"/> and <see cref="HoconReader"/> catch them.
/// </summary>
public sealed class HoconSyntaxErrorTests
{
    /// <summary>Parses on another thread with a deadline: a case the checks missed could loop forever in Akka's
    /// parser, and must fail the test (with a TimeoutException) rather than hang the run.</summary>
    private static async Task<ConfigurationException> ParseError(string text)
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(() =>
            Task.Run(() => HoconReader.Parse(text, "test.conf")).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("--config", error.Key);
        return error;
    }

    [Theory]
    // Akka would silently drop everything after these.
    // (key = ${?NAME} alone on its line is resolved before Akka sees it: HoconReaderTests.)
    [InlineData("data-dir = \"data\"\nhttp { url = ${?CHARGER_HTTP_URL} }\nb = 1", 2, 14, "'${?CHARGER_HTTP_URL}' is read only as a setting's whole value on a line of its own, as in key = ${?VARIABLE}: Akka.NET's HOCON reads no environment variables. Elsewhere, set the value from the environment with CHARGER__SECTION__KEY")]
    [InlineData("hooks = [ { secret = ${?SECRET}, url = \"x\" } ]", 1, 22, "'${?SECRET}' is read only as a setting's whole value on a line of its own")]
    [InlineData("a = [${?PORT}]", 1, 6, "'${?PORT}' is read only as a setting's whole value")]
    [InlineData("dir = ${?HOME}\"/charger\"", 1, 7, "'${?HOME}' is read only as a setting's whole value")]
    [InlineData("a = ${?http.url}", 1, 5, "'${?http.url}' is read only as a setting's whole value")]
    [InlineData("a = ${?PORT-1}", 1, 5, "'${?PORT-1}' is read only as a setting's whole value")]
    [InlineData("a = 1\n}\nb = 2", 2, 1, "unexpected '}': nothing is open here")]
    [InlineData("a = ${ b }", 1, 5, "'${ b }' is not a substitution Akka.NET reads")]
    [InlineData("a = ${\"b\"}", 1, 5, "is not a substitution Akka.NET reads")]
    // Akka would never return from these.
    [InlineData("a = [1, 2 }", 1, 11, "unexpected '}': expected ']' to close the '[' at 1:5")]
    [InlineData("a = [1, @]", 1, 9, "'@' is not allowed outside double quotes: put the value in double quotes")]
    [InlineData("a = [x, y!]", 1, 10, "'!' is not allowed outside double quotes")]
    [InlineData("a = [5$]", 1, 7, "'$' is not allowed outside double quotes")]
    [InlineData("chargers = [ id = \"a\" ]", 1, 17, "'=' directly inside an array: an array holds values; write { key = value } for an object in it")]
    [InlineData("a = [ 1, b : 2 ]", 1, 12, "':' directly inside an array")]
    // Akka would accept these, keeping a wrong value.
    [InlineData("a = 1\nhttp {\n  url = \"x\"\n", 4, 1, "expected '}' to close the '{' at 2:6")]
    [InlineData("list = [1,\n 2\n", 3, 1, "expected ']' to close the '[' at 1:8")]
    [InlineData("a { b = 1 ]", 1, 11, "unexpected ']': expected '}' to close the '{' at 1:3")]
    [InlineData("a = 1\nb = \"open\nc = 2", 2, 5, "unterminated quoted string: it must end on the same line")]
    [InlineData("a = 1\nb = \"\"\"never\nclosed", 2, 5, "unterminated triple-quoted string")]
    [InlineData("a += [1]", 1, 3, "'+=' is not supported: write the whole array")]
    [InlineData("station {\n  url = http://localhost:5000\n}", 2, 13, "a URL must be in double quotes (unquoted, '//' starts a comment)")]
    // Akka would report these without a position.
    [InlineData("a = \"x\\qy\"", 1, 7, "invalid escape: quoted strings take JSON escapes")]
    [InlineData("a = \"\\u12G4\"", 1, 6, "invalid escape")]
    [InlineData("a = \"\\u12\"", 1, 6, "invalid escape")]
    [InlineData("a = 1\nport = ${PORT}", 2, 8, "'${PORT}' is not a setting in this file: Akka.NET's HOCON substitutes other settings of the file, never environment variables")]
    [InlineData("price = 5$", 1, 10, "'$' is not allowed outside double quotes")]
    [InlineData("a = ${SET\nb = 1", 1, 5, "unterminated substitution: expected '}' to close '${' on the same line")]
    // Akka would crash the process with a stack overflow reading these.
    [InlineData("path = a\npath = ${path}\"/b\"", 2, 8, "'${path}' refers to itself: Akka.NET's HOCON substitutes the final value of 'path'")]
    [InlineData("a = ${b}\nb = ${a}", 2, 5, "'${a}' refers to itself")]
    [InlineData("a { b = ${a} }", 1, 9, "'${a}' refers to itself")]
    // Akka's own errors: "Unknown token at position N" becomes a line and column.
    [InlineData("a = 1\nb {\n  c = 2\n  d = 1,,e = 2\n}", 4, 9, "unexpected ',' (Akka.NET's HOCON parser: unknown token)")]
    public async Task Each_error_points_at_its_line_and_column(string text, int line, int column, string reason)
    {
        var error = await ParseError(text);

        Assert.StartsWith($"test.conf:{line}:{column}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("port = localhost:5000", "Could not parse an unquoted text value containing assignment character '=' or ':'. - If you want to declare a new object")]
    [InlineData("include \"other.conf\"\na = 1", "include \"other.conf\" is not supported")]
    public async Task An_error_Akka_gives_no_position_for_names_the_source(string text, string reason)
    {
        var error = await ParseError(text);

        Assert.StartsWith("test.conf: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nesting_deeper_than_the_limit_is_an_error_not_a_stack_overflow()
    {
        var brackets = await ParseError("a = " + new string('[', 100_000));
        Assert.StartsWith($"test.conf:1:{5 + HoconPrecheck.MaxDepth}: objects and arrays nest more than {HoconPrecheck.MaxDepth} levels deep", brackets.Message, StringComparison.Ordinal);

        var braces = await ParseError(string.Concat(Enumerable.Repeat("a {", 100_000)));
        Assert.Contains("nest more than", braces.Message, StringComparison.Ordinal);

        var dotted = await ParseError(string.Join('.', Enumerable.Repeat("a", 100_000)) + " = 1");
        Assert.Contains($"a dotted key nests more than {HoconPrecheck.MaxDepth} levels deep", dotted.Message, StringComparison.Ordinal);

        // Exactly at the limit is fine.
        var deepest = HoconReader.Flatten(HoconReader.Parse(string.Join('.', Enumerable.Repeat("a", HoconPrecheck.MaxDepth + 1)) + " = 1", "test.conf"));
        Assert.Equal(string.Join(':', Enumerable.Repeat("a", HoconPrecheck.MaxDepth + 1)), Assert.Single(deepest).Key);
    }

    [Theory]
    [InlineData("a = 1\nb = 2", 6, 2, 1)]
    [InlineData("a = 1\r\nb = 2", 7, 2, 1)]
    [InlineData("a = 1\nb = 2", 5, 1, 6)]
    [InlineData("", 0, 1, 1)]
    [InlineData("abc", 3, 1, 4)]
    [InlineData("a\n\n", 3, 3, 1)]
    public void Line_and_column_count_from_one(string text, int position, int line, int column) =>
        Assert.Equal((line, column), HoconPrecheck.LineAndColumn(text, position));
}
