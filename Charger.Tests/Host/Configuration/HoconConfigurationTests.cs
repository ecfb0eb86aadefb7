using Charger.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace Charger.Tests.Host.Configuration;

/// <summary>The HOCON provider in a real configuration stack: a file on disk, later sources overriding it,
/// and binding to options with durations, sizes, numbers, booleans, strings and arrays.</summary>
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
          device = "/dev/ttyUSB0"
          device = ${?CHARGER_DEVICE}   // the environment may override it
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
    public void Substitutions_read_the_environment_given_to_the_source()
    {
        var path = Write("charger.conf", StationConf);

        StationOptions? Bind(Func<string, string?> environment) =>
            new ConfigurationBuilder()
                .AddHoconFile(source =>
                {
                    source.Path = path;
                    source.Environment = environment;
                })
                .Build().GetSection("station").Get<StationOptions>();

        Assert.Equal("/dev/ttyACM0", Bind(name => name == "CHARGER_DEVICE" ? "/dev/ttyACM0" : null)?.Device);
        Assert.Equal("/dev/ttyUSB0", Bind(_ => null)?.Device);
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
    public void A_parse_error_in_the_file_names_the_file_line_and_column()
    {
        var path = Write("charger.conf", "station {\n  name = Garage\n  url = http://localhost:5000\n}\n");

        var error = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddHoconFile(path).Build());

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        var parse = Assert.IsType<HoconParseException>(error.InnerException);
        Assert.StartsWith("charger.conf:3:13: ':' is not allowed in an unquoted value (in 'station.url')", parse.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_duration_fails_the_binding_with_the_key_and_the_expected_form()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("station.statusInterval = 5 sec", "charger.conf", _ => null)
            .Build();

        var error = Assert.Throws<InvalidOperationException>(() => configuration.GetSection("station").Get<StationOptions>());

        Assert.Contains("station:statusInterval", error.Message, StringComparison.OrdinalIgnoreCase); // the binder spells it as the property
        Assert.Contains("'5 sec' is not a duration: write a number and a unit, like 500ms, 5s", error.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_option_keeps_a_value_that_looks_like_a_duration()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("station { name = 5s, device = 10MB }", "charger.conf", _ => null)
            .Build();

        var options = configuration.GetSection("station").Get<StationOptions>();

        Assert.Equal(("5s", "10MB"), (options?.Name, options?.Device));
    }

    [Fact]
    public void Null_in_hocon_hides_a_value_from_an_earlier_source()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["station:device"] = "/dev/ttyS0" })
            .AddHoconString("station.device = null", "charger.conf", _ => null)
            .Build();

        Assert.Null(configuration["station:device"]);
        Assert.Equal("", configuration.GetSection("station").Get<StationOptions>()?.Device ?? "");
    }

    [Fact]
    public void A_string_source_lets_the_parse_error_through_unwrapped()
    {
        var error = Assert.Throws<HoconParseException>(() =>
            new ConfigurationBuilder().AddHoconString("a = ${NOPE}", "inline", _ => null).Build());

        Assert.Equal("inline:1:5", $"{error.SourceName}:{error.Line}:{error.Column}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
