using Charger.Host.Configuration;

namespace Charger.Tests.Host.Configuration;

/// <summary>What a HOCON text becomes as configuration keys once Akka.NET has parsed it and
/// <see cref="HoconReader.Flatten"/> has laid it out the way the configuration binder reads it.</summary>
public sealed class HoconReaderTests
{
    private static Dictionary<string, string?> Keys(string text) => HoconReader.Flatten(HoconReader.Parse(text, "test.conf"));

    /// <summary>Compares keys without case, as configuration does, and values exactly.</summary>
    private static void AssertKeys(Dictionary<string, string?> actual, params (string Key, string? Value)[] expected) =>
        Assert.Equal(
            expected.Select(e => $"{e.Key.ToLowerInvariant()}={e.Value ?? "<null>"}").Order(StringComparer.Ordinal),
            actual.Select(e => $"{e.Key.ToLowerInvariant()}={e.Value ?? "<null>"}").Order(StringComparer.Ordinal));

    [Fact]
    public void An_empty_document_or_one_of_comments_has_no_keys()
    {
        Assert.Empty(Keys(""));
        Assert.Empty(Keys("  \n# only a comment\n// and another\n\n"));
        Assert.Empty(Keys("{ }"));
    }

    [Fact]
    public void Nested_objects_and_dotted_keys_become_colon_separated_keys()
    {
        var dotted = Keys("a.b.c = 1\na.b.d = 2\na.e = 3");
        AssertKeys(dotted, ("a:b:c", "1"), ("a:b:d", "2"), ("a:e", "3"));
        Assert.Equal(dotted, Keys("a { b { c = 1, d = 2 }\n e = 3 }"));
        AssertKeys(Keys("a = 1\nb : 2\nd { e = 4 }\nf = { g = 5 }"), ("a", "1"), ("b", "2"), ("d:e", "4"), ("f:g", "5"));
    }

    [Fact]
    public void Objects_with_the_same_key_merge_and_the_later_value_wins()
    {
        AssertKeys(Keys("http { url = \"http://a\", timeout = 5s }\nhttp { timeout = 10s }\nhttp.port = 80"),
            ("http:url", "http://a"), ("http:timeout", "10s"), ("http:port", "80"));
        AssertKeys(Keys("a { b = 1, c = 2 }\na = 3"), ("a", "3"));
    }

    [Fact]
    public void Keys_differing_only_in_case_are_one_configuration_key()
    {
        var keys = Keys("Http { Url = a }\nhttp { url = b, port = 1 }");
        AssertKeys(keys, ("http:url", "b"), ("http:port", "1"));
        Assert.Equal("b", keys["HTTP:URL"]);
    }

    [Fact]
    public void Array_elements_are_keyed_by_index_objects_and_arrays_inside_too()
    {
        var keys = Keys("""
            chargers = [
              { id = left, serial.port = "/dev/ttyUSB0" }
              { id = right }
            ]
            tags = [garage, "north side"]
            grid = [[1, 2], [3]]
            """);
        AssertKeys(keys, ("chargers:0:id", "left"), ("chargers:0:serial:port", "/dev/ttyUSB0"), ("chargers:1:id", "right"),
            ("tags:0", "garage"), ("tags:1", "north side"), ("grid:0:0", "1"), ("grid:0:1", "2"), ("grid:1:0", "3"));
        AssertKeys(Keys("a = [1, 2, 3]\na = [4]"), ("a:0", "4"));
    }

    [Fact]
    public void Empty_objects_and_arrays_produce_no_keys()
    {
        AssertKeys(Keys("a {}\nb = []\nc = 1"), ("c", "1"));
    }

    [Fact]
    public void Values_stay_as_written_for_the_converters_to_read()
    {
        AssertKeys(Keys("a = 5s\nb = 500ms\nc = 10 seconds\nd = 10MB\ne = on\nf = \"yes\"\ng = 0x1F\nh = -1.5e3"),
            ("a", "5s"), ("b", "500ms"), ("c", "10 seconds"), ("d", "10MB"), ("e", "on"), ("f", "yes"), ("g", "0x1F"), ("h", "-1.5e3"));
    }

    [Fact]
    public void Quoted_strings_take_json_escapes_and_pieces_on_a_line_concatenate()
    {
        AssertKeys(Keys("a = \"tab\\there \\\"q\\\" \\u00e9\"\nb = one \"two\"   three\nc = \"# not a comment\"\nd = \"\"\"raw \\n\"\"\""),
            ("a", "tab\there \"q\" é"), ("b", "one two   three"), ("c", "# not a comment"), ("d", "raw \\n"));
    }

    [Fact]
    public void Null_sets_the_key_with_a_null_value()
    {
        AssertKeys(Keys("a = 1\na = null"), ("a", null));
    }

    [Fact]
    public void A_substitution_is_the_final_value_of_another_setting_in_the_file()
    {
        AssertKeys(Keys("logs = ${dir}\"/logs\"\ndir = /var/lib/charger\nsame = ${dir}"),
            ("logs", "/var/lib/charger/logs"), ("dir", "/var/lib/charger"), ("same", "/var/lib/charger"));
    }

    private static readonly Dictionary<string, string> s_env = new() { ["SET"] = "x \"y\" \\z\n${a}", ["EMPTY"] = "" };

    private static Dictionary<string, string?> KeysWithEnvironment(string text) =>
        HoconReader.Flatten(HoconReader.Parse(text, "test.conf", name => s_env.GetValueOrDefault(name)));

    [Fact]
    public void An_optional_environment_substitution_alone_on_its_line_is_the_variables_value_or_leaves_the_key_alone()
    {
        // As the previous release's parser read installed files: set (even empty), the value as it is; unset, no value.
        AssertKeys(KeysWithEnvironment("a = 1\na = ${?SET}  # why\nb {\n  c = 2\n  c : ${?UNSET}\n  d = ${? EMPTY }\n}\ne.f = ${?UNSET}\ng = 3"),
            ("a", "x \"y\" \\z\n${a}"), ("b:c", "2"), ("b:d", ""), ("g", "3"));
        // Inside quotes or a comment it is text.
        AssertKeys(KeysWithEnvironment("h = \"${?SET}\"\ni = \"\"\"\nj = ${?SET}\n\"\"\"\n# k = ${?SET}"),
            ("h", "${?SET}"), ("i", "j = ${?SET}")); // (Akka trims values)
    }

    [Fact]
    public void Line_numbers_stay_those_of_the_file_after_an_optional_substitution_is_resolved()
    {
        var e = Assert.Throws<ConfigurationException>(() => KeysWithEnvironment("a = ${?SET}\nb = ${?UNSET}\nc = [1, 2 }"));
        Assert.StartsWith("test.conf:3:11: ", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ConfigurationException>(() => KeysWithEnvironment("a = ${?SET}\nb = 1,,c = 2"));
        Assert.StartsWith("test.conf:2:7: unexpected ','", e.Message, StringComparison.Ordinal);
    }
}
