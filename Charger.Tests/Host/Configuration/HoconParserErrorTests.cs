using Charger.Host.Configuration;

namespace Charger.Tests.Host.Configuration;

/// <summary>Every error the parser reports, with where it points and what it says.</summary>
public sealed class HoconParserErrorTests
{
    private static HoconParseException ParseError(string text) =>
        Assert.Throws<HoconParseException>(() => HoconParser.Parse(text, "test.conf", name => name == "SET" ? "value" : null));

    [Fact]
    public void The_message_starts_with_the_source_line_and_column()
    {
        var error = Assert.Throws<HoconParseException>(() => HoconParser.Parse("a = 1\nhttp {\n", "charger.conf", _ => null));

        Assert.Equal("charger.conf:3:1: expected '}' to close the object 'http' opened at 2:6", error.Message);
        Assert.Equal(("charger.conf", 3, 1), (error.SourceName, error.Line, error.Column));
        Assert.Equal("expected '}' to close the object 'http' opened at 2:6", error.Reason);
    }

    [Theory]
    // Brackets that do not close, or close the wrong thing.
    [InlineData("a = 1\nhttp {\n  url = \"x\"\n", 4, 1, "expected '}' to close the object 'http' opened at 2:6")]
    [InlineData("a {\n  b {\n    c = 1\n  }\n", 5, 1, "expected '}' to close the object 'a' opened at 1:3")]
    [InlineData("{ a = 1\n", 2, 1, "expected '}' to close the document's '{' opened at 1:1")]
    [InlineData("list = [1,\n 2\n", 3, 1, "expected ']' to close the array 'list' opened at 1:8")]
    [InlineData("a { b = 1 ]", 1, 11, "unexpected ']': expected '}' to close the object 'a' opened at 1:3")]
    [InlineData("a = [1, 2 }", 1, 11, "unexpected '}': expected ']' to close the array 'a' opened at 1:5")]
    [InlineData("a = 1\n}", 2, 1, "unexpected '}': no object is open here")]
    [InlineData("]", 1, 1, "unexpected ']': no array is open here")]
    [InlineData("[1, 2]", 1, 1, "the document must be an object, not an array")]
    [InlineData("{ a = 1 }\nb = 2", 2, 1, "unexpected 'b' after the '}' that closes the document")]
    // Strings.
    [InlineData("a = 1\nb = \"open\nc = 2", 2, 5, "unterminated quoted string")]
    [InlineData("a = \"x\\qy\"", 1, 7, "invalid escape '\\' followed by 'q'")]
    [InlineData("a = \"\\u12G4\"", 1, 6, "'\\u' must be followed by four hex digits")]
    [InlineData("a = \"\\u12", 1, 6, "'\\u' must be followed by four hex digits")]
    [InlineData("a = 1\nb = \"\"\"never\nclosed", 2, 5, "unterminated triple-quoted string")]
    // Keys and separators.
    [InlineData("a 1", 1, 3, "expected '=', ':' or '{' after the key 'a', found '1'")]
    [InlineData("server\n  port = 1", 1, 7, "expected '=', ':' or '{' after the key 'server', found a new line")]
    [InlineData("= 1", 1, 1, "expected a key, found '='")]
    [InlineData("\"\" = 1", 1, 1, "a key cannot be empty")]
    [InlineData("\"a:b\" = 1", 1, 1, "the key \"a:b\" contains ':'")]
    [InlineData(".a = 1", 1, 1, "a key cannot start with '.'")]
    [InlineData("a. = 1", 1, 3, "a key cannot end with '.'")]
    [InlineData("a..b = 1", 1, 3, "a key cannot contain '..'")]
    [InlineData("\"\"\"a\"\"\" = 1", 1, 1, "a key cannot be a triple-quoted string")]
    [InlineData("a = 1,,b = 2", 1, 7, "unexpected ',': expected a key")]
    [InlineData("a { b = 1 } c = 2", 1, 13, "expected ',' or a new line after the value of 'a', found 'c'")]
    // Values.
    [InlineData("a =\nb = 1", 1, 4, "expected a value for 'a', found a new line")]
    [InlineData("o { a = }", 1, 9, "expected a value for 'o.a', found '}'")]
    [InlineData("url = http://localhost:5000", 1, 11, "':' is not allowed in an unquoted value (in 'url'): put the value in double quotes")]
    [InlineData("a = 1 b = 2", 1, 9, "'=' is not allowed in an unquoted value (in 'a')")]
    [InlineData("price = 5$", 1, 10, "'$' is not allowed in an unquoted value (in 'price')")]
    [InlineData("a = @home", 1, 5, "'@' is not allowed in an unquoted value (in 'a')")]
    [InlineData("a = x { b = 1 }", 1, 7, "'{' cannot follow other text in the value of 'a'")]
    [InlineData("a = [1,,2]", 1, 8, "unexpected ',' in the array 'a': expected an element or ']'")]
    [InlineData("a = [{ b = 1 } { c = 2 }]", 1, 16, "expected ',' or ']' after an element of the array 'a', found '{'")]
    // Substitutions.
    [InlineData("a = 1\nport = ${PORT}", 2, 8, "'${PORT}' is not defined: set the environment variable PORT, define 'PORT' above this line, or write '${?PORT}'")]
    [InlineData("a { b = 1 }\nc = ${a}", 2, 5, "'${a}' refers to an object: only single values can be substituted")]
    [InlineData("a = [1]\nc = ${a}", 2, 5, "'${a}' refers to an array: only single values can be substituted")]
    [InlineData("a = ${my var}", 1, 5, "'${my var}' is not a supported substitution")]
    [InlineData("a = ${?}", 1, 5, "'${?}' is not a supported substitution")]
    [InlineData("a = ${x..y}", 1, 5, "'${x..y}' is not a supported substitution")]
    [InlineData("a = ${SET\nb = 1", 1, 5, "unterminated substitution: expected '}' to close '${' on the same line")]
    // Outside the subset.
    [InlineData("a = 1\ninclude \"other.conf\"", 2, 1, "'include' is not supported")]
    [InlineData("include required(\"x.conf\")", 1, 1, "'include' is not supported")]
    [InlineData("a += [1]", 1, 3, "'+=' is not supported: write the whole array for 'a'")]
    public void Each_error_points_at_its_line_and_column(string text, int line, int column, string reason)
    {
        var error = ParseError(text);

        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"test.conf:{line}:{column}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_an_error_not_a_stack_overflow()
    {
        var brackets = ParseError("a = " + new string('[', 100_000));
        Assert.Equal((1, 5 + HoconParser.MaxDepth), (brackets.Line, brackets.Column));
        Assert.Contains($"nest more than {HoconParser.MaxDepth} levels deep", brackets.Reason, StringComparison.Ordinal);

        var braces = ParseError(string.Concat(Enumerable.Repeat("a {", 100_000)));
        Assert.Contains("nest more than", braces.Reason, StringComparison.Ordinal);

        var dotted = ParseError(string.Join('.', Enumerable.Repeat("a", 100_000)) + " = 1");
        Assert.Equal((1, 1), (dotted.Line, dotted.Column));

        // Exactly at the limit is fine.
        var deepest = HoconParser.Parse(string.Join('.', Enumerable.Repeat("a", HoconParser.MaxDepth)) + " = 1", "test.conf", _ => null);
        Assert.Single(deepest);
    }
}
