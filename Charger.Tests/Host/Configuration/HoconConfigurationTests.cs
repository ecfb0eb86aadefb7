using Charger.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace Charger.Tests.Host.Configuration;

/// <summary>The HOCON provider (Akka.NET's parser underneath) in a real configuration stack: a file on disk,
/// later sources overriding it, and binding to options with durations, sizes, numbers, switches, strings and arrays.</summary>
public sealed class HoconConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-hocon-").FullName;

    public sealed record StationOptions
    {
        public string Name { get; init; } = "";
        public int MaxCurrent { get; init; }
        public bool Simulate { get; init; }
        public TimeSpan StatusInterval { get; init; }
        public TimeSpan ReconnectDelay { get; init; }
        public long LogFileSize { get; init; }
        public string Device { get; init; } = "";
        public string[] Tags { get; init; } = [];
        public List<ChargerOptions> Chargers { get; init; } = [];
    }

    public sealed record ChargerOptions
    {
        public string Id { get; init; } = "";
        public int Phases { get; init; }
    }

    private const string StationConf = """
        # A test station.
        station {
          name = "Garage north"
          maxCurrent = 16
          simulate = yes
          statusInterval = 5s
          reconnectDelay = 500ms
          logFileSize = 10MiB
          device = "/dev/ttyUSB0"   // a comment
          chargers = [
            { id = left, phases = 3 }
            { id = right, phases = 1 }
          ]
        }
        station.tags = [garage, "north side"]
        """;

    [Fact]
    public void A_hocon_file_binds_to_options_and_a_later_source_overrides_it()
    {
        var path = Write("charger.conf", StationConf);

        var configuration = new ConfigurationBuilder()
            .AddHoconFile(path)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                // As environment variables CHARGER__STATION__MAXCURRENT etc. would: a later source wins,
                // and its durations bind like the file's.
                ["station:maxCurrent"] = "10",
                ["station:statusInterval"] = "2s",
                ["station:chargers:1:phases"] = "3",
            })
            .Build();
        var options = configuration.GetSection("station").Get<StationOptions>();

        Assert.NotNull(options);
        Assert.Equal("Garage north", options.Name);
        Assert.Equal(10, options.MaxCurrent);
        Assert.True(options.Simulate);
        Assert.Equal(TimeSpan.FromSeconds(2), options.StatusInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.ReconnectDelay);
        Assert.Equal(10L * 1024 * 1024, options.LogFileSize);
        Assert.Equal(["garage", "north side"], options.Tags);
        Assert.Equal([new ChargerOptions { Id = "left", Phases = 3 }, new ChargerOptions { Id = "right", Phases = 3 }], options.Chargers);
        Assert.Equal("500ms", configuration["station:reconnectDelay"]); // configuration holds it as written
    }

    [Fact]
    public void Switches_bind_from_on_off_yes_no_in_the_file_and_in_a_later_source()
    {
        Dictionary<string, string?> Override(string value) => new() { ["station:simulate"] = value };
        StationOptions? Bind(string conf, Dictionary<string, string?>? later = null) =>
            new ConfigurationBuilder().AddHoconString(conf, "charger.conf").AddInMemoryCollection(later ?? []).Build()
                .GetSection("station").Get<StationOptions>();

        Assert.True(Bind("station.simulate = on")?.Simulate);
        Assert.False(Bind("station.simulate = yes", Override("off"))?.Simulate);
        Assert.True(Bind("station.simulate = no", Override("yes"))?.Simulate);
        Assert.True(Bind("station.simulate = \"True\"")?.Simulate);
        var error = Assert.Throws<InvalidOperationException>(() => Bind("station.simulate = sometimes"));
        Assert.Contains("'sometimes' is not a switch: write on or off", error.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_path_relative_to_the_base_path_works_and_an_optional_missing_file_is_empty()
    {
        Write("relative.conf", "a.b = 1");

        var configuration = new ConfigurationBuilder()
            .SetBasePath(_dir)
            .AddHoconFile("relative.conf")
            .AddHoconFile("missing.conf", optional: true)
            .Build();

        Assert.Equal("1", configuration["a:b"]);
        Assert.Throws<FileNotFoundException>(() => new ConfigurationBuilder().SetBasePath(_dir).AddHoconFile("missing.conf").Build());
    }

    [Fact]
    public void A_parse_error_in_the_file_names_the_full_path_line_and_column()
    {
        var path = Write("charger.conf", "station {\n  name = Garage\n  tags = [a, b@c]\n}\n");

        var error = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddHoconFile(path).Build());

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        var parse = Assert.IsType<ConfigurationException>(error.InnerException);
        Assert.StartsWith($"{path}:3:15: '@' is not allowed outside double quotes", parse.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_duration_fails_the_binding_with_the_key_and_the_expected_form()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("station.statusInterval = 5 sec", "charger.conf")
            .Build();

        var error = Assert.Throws<InvalidOperationException>(() => configuration.GetSection("station").Get<StationOptions>());

        Assert.Contains("station:statusInterval", error.Message, StringComparison.OrdinalIgnoreCase); // the binder spells it as the property
        Assert.Contains("'5 sec' is not a duration: write a number and a unit, like 500ms, 5s", error.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_option_keeps_a_value_that_looks_like_a_duration()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("station { name = 5s, device = 10MB }", "charger.conf")
            .Build();

        var options = configuration.GetSection("station").Get<StationOptions>();

        Assert.Equal(("5s", "10MB"), (options?.Name, options?.Device));
    }

    [Fact]
    public void Null_in_hocon_hides_a_value_from_an_earlier_source()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["station:device"] = "/dev/ttyS0" })
            .AddHoconString("station.device = null", "charger.conf")
            .Build();

        Assert.Null(configuration["station:device"]);
        Assert.Equal("", configuration.GetSection("station").Get<StationOptions>()?.Device ?? "");
    }

    [Fact]
    public void A_string_source_lets_the_parse_error_through_unwrapped()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            new ConfigurationBuilder().AddHoconString("a = ${NOPE}", "inline").Build());

        Assert.StartsWith("inline:1:5: '${NOPE}' is not a setting in this file", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
