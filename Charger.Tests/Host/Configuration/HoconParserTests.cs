using Charger.Host.Configuration;

namespace Charger.Tests.Host.Configuration;

/// <summary>Each feature of the supported HOCON subset, as the configuration keys it produces.
/// No test reads the real environment: substitutions go through a dictionary.</summary>
public sealed class HoconParserTests
{
    private static Dictionary<string, string?> Parse(string text, Dictionary<string, string>? environment = null) =>
        HoconParser.Parse(text, "test.conf", name => environment?.GetValueOrDefault(name));

    /// <summary>Compares keys without case, as configuration does, and values exactly.</summary>
    private static void AssertKeys(Dictionary<string, string?> actual, params (string Key, string? Value)[] expected)
    {
        Assert.Equal(
            expected.Select(e => $"{e.Key.ToLowerInvariant()}={e.Value ?? "<null>"}").Order(StringComparer.Ordinal),
            actual.Select(e => $"{e.Key.ToLowerInvariant()}={e.Value ?? "<null>"}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_empty_document_or_one_of_comments_has_no_keys()
    {
        Assert.Empty(Parse(""));
        Assert.Empty(Parse("  \n# only a comment\n// and another\n\n"));
        Assert.Empty(Parse("{ }"));
    }

    [Fact]
    public void Comments_start_with_hash_or_double_slash_but_not_inside_quotes()
    {
        var keys = Parse("""
            # a whole-line comment
            a = 1 # after a value
            b = two words // after a value
            c = "# not a comment"
            d = "// nor this"
            e = x#tight
            """);
        AssertKeys(keys, ("a", "1"), ("b", "two words"), ("c", "# not a comment"), ("d", "// nor this"), ("e", "x"));
    }

    [Fact]
    public void Fields_take_equals_colon_or_a_brace_without_separator()
    {
        var keys = Parse("""
            a = 1
            b : 2
            c:3
            d { e = 4 }
            f = { g = 5 }
            h: { i = 6 }
            """);
        AssertKeys(keys, ("a", "1"), ("b", "2"), ("c", "3"), ("d:e", "4"), ("f:g", "5"), ("h:i", "6"));
    }

    [Fact]
    public void Fields_are_separated_by_new_lines_or_commas_with_one_trailing_comma_allowed()
    {
        AssertKeys(Parse("a = 1, b = 2,\nc = 3,"), ("a", "1"), ("b", "2"), ("c", "3"));
        AssertKeys(Parse("o { a = 1, b = 2, }"), ("o:a", "1"), ("o:b", "2"));
    }

    [Fact]
    public void Dotted_keys_are_nested_objects()
    {
        var dotted = Parse("a.b.c = 1\na.b.d = 2\na.e = 3");
        var nested = Parse("a { b { c = 1, d = 2 }, e = 3 }");
        AssertKeys(dotted, ("a:b:c", "1"), ("a:b:d", "2"), ("a:e", "3"));
        Assert.Equal(nested, dotted);
    }

    [Fact]
    public void A_quoted_key_part_keeps_its_dots_and_spaces()
    {
        AssertKeys(Parse("""
            "a.b" = 1
            x."y z".w = 2
            """), ("a.b", "1"), ("x:y z:w", "2"));
    }

    [Fact]
    public void Objects_with_the_same_key_merge_and_the_later_leaf_wins()
    {
        var keys = Parse("""
            http { url = "http://a", timeout = 5s }
            http { timeout = 10s }
            http.port = 80
            """);
        AssertKeys(keys, ("http:url", "http://a"), ("http:timeout", "10s"), ("http:port", "80"));
    }

    [Fact]
    public void A_later_value_of_another_kind_replaces_the_earlier_one_whole()
    {
        AssertKeys(Parse("a { b = 1, c = 2 }\na = 3"), ("a", "3"));
        AssertKeys(Parse("a = 3\na { b = 1 }"), ("a:b", "1"));
        AssertKeys(Parse("a = 3\na.b = 1"), ("a:b", "1"));
        AssertKeys(Parse("a = [1, 2]\na { b = 1 }"), ("a:b", "1"));
        AssertKeys(Parse("a { b = 1 }\na = [x]"), ("a:0", "x"));
    }

    [Fact]
    public void Keys_are_case_insensitive_like_configuration_keys()
    {
        var keys = Parse("Http { Url = a }\nhttp { url = b, port = 1 }");
        AssertKeys(keys, ("http:url", "b"), ("http:port", "1"));
        Assert.Equal("b", keys["HTTP:URL"]);
    }

    [Fact]
    public void Unquoted_values_run_to_the_line_end_a_comma_or_a_closing_brace_and_are_trimmed()
    {
        var keys = Parse("a =    spaced   out   \nb { c = x y, d = z }\ne = [p q, r]\nf = /var/lib/charger\ng = ünïcødé_ok");
        AssertKeys(keys, ("a", "spaced   out"), ("b:c", "x y"), ("b:d", "z"), ("e:0", "p q"), ("e:1", "r"),
            ("f", "/var/lib/charger"), ("g", "ünïcødé_ok"));
    }

    [Fact]
    public void Quoted_strings_take_json_escapes()
    {
        var keys = Parse("""
            a = "tab\there \"quoted\" back\\slash \/ \u00e9\u20AC"
            b = "line\nbreak\r\b\f"
            c = ""
            d = "  kept  "
            """);
        AssertKeys(keys, ("a", "tab\there \"quoted\" back\\slash / é€"), ("b", "line\nbreak\r\b\f"), ("c", ""), ("d", "  kept  "));
    }

    [Fact]
    public void Triple_quoted_strings_are_raw_and_may_span_lines()
    {
        var keys = Parse("a = \"\"\"first \\n\n  \"second\" # not a comment\"\"\"\nb = \"\"\"ends with a quote\"\"\"\"");
        AssertKeys(keys, ("a", "first \\n\n  \"second\" # not a comment"), ("b", "ends with a quote\""));
    }

    [Fact]
    public void Pieces_on_one_line_concatenate_keeping_the_whitespace_between_them()
    {
        var keys = Parse("""
            a = "http://"host":8080"
            b = one "two"   three
            c = ${DIR}/logs "and more"
            """, new() { ["DIR"] = "/var/lib" });
        AssertKeys(keys, ("a", "http://host:8080"), ("b", "one two   three"), ("c", "/var/lib/logs and more"));
    }

    [Theory]
    [InlineData("5000", "5000")]
    [InlineData("-3", "-3")]
    [InlineData("1.25", "1.25")]
    [InlineData("-1.5e3", "-1.5e3")]
    [InlineData("0x1F", "0x1F")]
    public void Numbers_are_kept_as_written(string written, string expected) =>
        AssertKeys(Parse($"n = {written}"), ("n", expected));

    [Theory]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("on", "true")]
    [InlineData("yes", "true")]
    [InlineData("off", "false")]
    [InlineData("no", "false")]
    [InlineData("\"yes\"", "yes")]
    [InlineData("\"off\"", "off")]
    [InlineData("yes please", "yes please")]
    public void Unquoted_on_off_yes_no_become_true_or_false_for_the_binder_and_quoted_ones_stay(string written, string expected) =>
        AssertKeys(Parse($"b = {written}"), ("b", expected));

    [Fact]
    public void Null_sets_the_key_with_a_null_value_replacing_an_earlier_one_and_quoted_null_is_a_string()
    {
        AssertKeys(Parse("a = 1\na = null\nb = \"null\""), ("a", null), ("b", "null"));
    }

    [Fact]
    public void Durations_and_sizes_stay_strings_as_written()
    {
        AssertKeys(Parse("a = 5s\nb = 500ms\nc = 10 seconds\nd = 10MB"),
            ("a", "5s"), ("b", "500ms"), ("c", "10 seconds"), ("d", "10MB"));
    }

    [Fact]
    public void Arrays_of_scalars_separate_elements_by_commas_or_new_lines()
    {
        AssertKeys(Parse("a = [1, two, \"three\"]"), ("a:0", "1"), ("a:1", "two"), ("a:2", "three"));
        AssertKeys(Parse("a = [\n  1\n  2 # comment\n\n  3,\n]"), ("a:0", "1"), ("a:1", "2"), ("a:2", "3"));
        AssertKeys(Parse("a = [1,]"), ("a:0", "1"));
    }

    [Fact]
    public void Arrays_hold_objects_and_arrays()
    {
        var keys = Parse("""
            chargers = [
              { id = left, serial.device = "/dev/ttyUSB0" }
              { id = right }
            ]
            grid = [[1, 2], [3]]
            """);
        AssertKeys(keys, ("chargers:0:id", "left"), ("chargers:0:serial:device", "/dev/ttyUSB0"), ("chargers:1:id", "right"),
            ("grid:0:0", "1"), ("grid:0:1", "2"), ("grid:1:0", "3"));
    }

    [Fact]
    public void A_later_array_replaces_an_earlier_one_whole()
    {
        AssertKeys(Parse("a = [1, 2, 3]\na = [4]"), ("a:0", "4"));
    }

    [Fact]
    public void Empty_objects_and_arrays_produce_no_keys()
    {
        AssertKeys(Parse("a {}\nb = []\nc = 1"), ("c", "1"));
    }

    [Fact]
    public void A_required_substitution_reads_the_environment()
    {
        AssertKeys(Parse("port = ${PORT}", new() { ["PORT"] = "8080" }), ("port", "8080"));
    }

    [Fact]
    public void An_unset_optional_substitution_keeps_the_earlier_value_or_leaves_the_key_unset()
    {
        AssertKeys(Parse("port = 5000\nport = ${?PORT}\nhost = ${?HOST}\nd.e.f = ${?NOPE}"), ("port", "5000"));
        AssertKeys(Parse("port = 5000\nport = ${?PORT}", new() { ["PORT"] = "6000" }), ("port", "6000"));
    }

    [Fact]
    public void An_unset_optional_substitution_is_empty_in_a_concatenation_and_dropped_from_an_array()
    {
        AssertKeys(Parse("a = x${?NOPE}y\nb = [1, ${?NOPE}, 3]"), ("a", "xy"), ("b:0", "1"), ("b:1", "3"));
    }

    [Fact]
    public void A_substitution_finds_a_key_defined_above_before_the_environment()
    {
        var keys = Parse("""
            dir = /var/lib/charger
            logs.dir = ${dir}/logs
            sessions = ${logs.dir}"/../sessions"
            path = a
            path = ${path}"/b"
            """, new() { ["dir"] = "from the environment" });
        AssertKeys(keys, ("dir", "/var/lib/charger"), ("logs:dir", "/var/lib/charger/logs"),
            ("sessions", "/var/lib/charger/logs/../sessions"), ("path", "a/b"));
    }

    [Fact]
    public void A_substitution_matches_keys_with_their_exact_case_so_the_env_override_idiom_works()
    {
        // 'port' must not satisfy ${?PORT}, or the environment could never override it.
        AssertKeys(Parse("port = 5000\nport = ${?PORT}", new() { ["PORT"] = "6000" }), ("port", "6000"));
        AssertKeys(Parse("Port = 5000\nx = ${Port}"), ("Port", "5000"), ("x", "5000"));
    }

    [Fact]
    public void A_substituted_value_is_taken_as_is()
    {
        AssertKeys(Parse("a = ${V}\nb = \"${V}\"", new() { ["V"] = "yes # not a comment, {}" }),
            ("a", "yes # not a comment, {}"), ("b", "${V}"));
    }

    [Fact]
    public void The_document_may_be_wrapped_in_braces()
    {
        AssertKeys(Parse("\n{\n  a = 1\n  b { c = 2 }\n}\n# done\n"), ("a", "1"), ("b:c", "2"));
    }

    [Fact]
    public void Crlf_line_ends_tabs_and_a_byte_order_mark_are_whitespace()
    {
        AssertKeys(Parse("\uFEFFa = 1\r\n\tb {\r\n\t\tc = two words\r\n\t}\r\n"), ("a", "1"), ("b:c", "two words"));
    }

    [Fact]
    public void Include_is_still_usable_as_a_key_with_a_separator()
    {
        AssertKeys(Parse("include = yes\nx.include = 1"), ("include", "true"), ("x:include", "1"));
    }
}
