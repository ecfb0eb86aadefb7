using Charger.Actors.Serial;
using Charger.Host.Configuration;
using Charger.Host.Configuration.Settings;
using Charger.Host.Daemon;
using Charger.Host.Security;

namespace Charger.Tests.Host.Configuration;

public sealed class DaemonConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-conf-").FullName;

    private string File(string text)
    {
        var path = Path.Combine(_dir, "charger.conf");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static HostSettings Load(string? path, Dictionary<string, string>? env = null, params string[] sets) =>
        HostConfiguration.Bind(HostConfiguration.Build(path, sets, env ?? []));

    [Fact]
    public void The_one_charger_shortcuts_set_port_url_and_data_dir()
    {
        var settings = Load(null, new Dictionary<string, string>
        {
            ["CHARGER_SERIAL_PORT"] = "/dev/ttyUSB3",
            ["CHARGER_HTTP_URL"] = "http://127.0.0.1:9000",
            ["CHARGER_DATA_DIR"] = _dir,
        });
        var options = DaemonOptions.From(settings);
        Assert.Equal("/dev/ttyUSB3", Assert.Single(options.Chargers).Link.PortPath);
        Assert.Equal("cp-1", options.Chargers[0].Id);
        Assert.Equal("http://127.0.0.1:9000", settings.Http.Url);
        Assert.Equal(_dir, options.DataDirectory);
    }

    [Fact]
    public void Later_sources_win_file_then_environment_then_command_line()
    {
        var path = File("link { poll-interval = 2s, silence-timeout = 20s }\nhttp.public-reads = on\n");
        var env = new Dictionary<string, string> { ["CHARGER__LINK__POLL-INTERVAL"] = "3s" };
        Assert.Equal(TimeSpan.FromSeconds(2), Load(path).Link.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), Load(path, env).Link.PollInterval);
        var settings = Load(path, env, "link.poll-interval=750ms");
        Assert.Equal(TimeSpan.FromMilliseconds(750), settings.Link.PollInterval);
        Assert.True(settings.Http.PublicReads);
    }

    [Theory]
    [InlineData("link.poll-interval = 5 parsecs", "link.poll-interval", "duration")]
    [InlineData("link { poll-interval = 10s }", "chargers[0]", "silence-timeout")]
    [InlineData("http.url = \"ftp://x\"", "http.url", "http")]
    [InlineData("status.leftover-authorization = sometimes", "status.leftover-authorization", "report-only")]
    [InlineData("serial.driver = pyserial", "serial.driver", "auto, system-io-ports or termios")]
    [InlineData("subscribers.mailbox-capacity = 0", "subscribers", "mailbox-capacity")]
    [InlineData("logging.level = chatty", "logging.level", "Information")]
    [InlineData("chargers = [ { id = \"a b\" } ]", "chargers[0]", "id")]
    [InlineData("htp.url = \"http://x\"", "htp", "Unknown setting")]
    [InlineData("link.poll-intervall = 2s", "link.poll-intervall", "Unknown setting")]
    [InlineData("http.rate-limit.control-per-minute = lots", "http.rate-limit.control-per-minute", "whole number")]
    [InlineData("persistence.provider = mongodb", "persistence.provider", "sqlite, postgres or memory")]
    [InlineData("persistence.provider = postgres", "persistence.postgres.connection-string", "required")]
    [InlineData("sessions.snapshot-every = 0", "sessions.snapshot-every", "at least 1")]
    [InlineData("sessions.retention = forever", "sessions.retention", "365d")]
    [InlineData("sessions.retention = 0d", "sessions.retention", "positive")]
    [InlineData("metrics.otlp.endpoint = \"collector:4318\"", "metrics.otlp.endpoint", "http://collector:4318")]
    [InlineData("metrics.otlp.endpoint = \"ftp://collector\"", "metrics.otlp.endpoint", "absolute http or https")]
    [InlineData("metrics.otlp.endpint = \"http://collector:4318\"", "metrics.otlp.endpint", "Unknown setting")]
    [InlineData("site.max-current-a = 5", "site.max-current-a", "at least 6 A")]
    public void A_bad_value_fails_naming_the_key_and_the_expected_form(string conf, string key, string expected)
    {
        var e = Assert.Throws<ConfigurationException>(() => DaemonOptions.From(Load(File(conf))));
        Assert.StartsWith(key, e.Key, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("", SerialDriver.Auto)]
    [InlineData("serial.driver = auto", SerialDriver.Auto)]
    [InlineData("serial.driver = system-io-ports", SerialDriver.SystemIoPorts)]
    [InlineData("serial { driver = termios }", SerialDriver.Termios)]
    [InlineData("serial.driver = Termios\nchargers = [ { id = a }, { id = b } ]", SerialDriver.Termios)]
    public void The_serial_driver_reaches_every_chargers_link(string conf, SerialDriver expected)
    {
        var options = DaemonOptions.From(Load(File(conf)));
        Assert.All(options.Chargers, c => Assert.Equal(expected, c.Link.Driver));
    }

    [Fact]
    public void Auto_resolves_to_the_termios_port() => Assert.Equal(SerialDriver.Termios, SerialPorts.Resolve(SerialDriver.Auto));

    [Theory]
    [InlineData("", null)]
    [InlineData("metrics.otlp.endpoint = \"http://collector:4318\"", "http://collector:4318/v1/metrics")]
    [InlineData("metrics.otlp.endpoint = \"https://otel.example/base/\"", "https://otel.example/base/v1/metrics")]
    [InlineData("metrics.otlp.endpoint = \"http://collector:4318/v1/metrics\"", "http://collector:4318/v1/metrics")]
    public void The_otlp_endpoint_is_off_by_default_and_gets_the_metrics_path(string conf, string? expected) =>
        Assert.Equal(expected, DaemonOptions.From(Load(File(conf))).OtlpMetricsEndpoint?.ToString());

    [Fact]
    public void Sessions_keep_everything_by_default_and_retention_takes_a_duration()
    {
        var defaults = DaemonOptions.From(Load(File("")));
        Assert.Equal((PersistenceProvider.Sqlite, null, 100), (defaults.Persistence, defaults.SessionRetention, defaults.Sessions.SnapshotEvery));
        var configured = DaemonOptions.From(Load(File("sessions { retention = 365d, snapshot-every = 20 }\npersistence.provider = memory")));
        Assert.Equal((PersistenceProvider.Memory, TimeSpan.FromDays(365), 20),
            (configured.Persistence, configured.SessionRetention, configured.Sessions.SnapshotEvery));
    }

    [Fact]
    public void Postgres_is_a_provider_with_its_connection_string_from_the_file_or_CHARGER_POSTGRES()
    {
        var fromFile = DaemonOptions.From(Load(File("persistence { provider = postgres, postgres.connection-string = \"Host=db;Username=charger\" }")));
        Assert.Equal((PersistenceProvider.Postgres, "Host=db;Username=charger"), (fromFile.Persistence, fromFile.PostgresConnectionString));
        var fromEnvironment = DaemonOptions.From(Load(null, new Dictionary<string, string> { ["CHARGER_POSTGRES"] = "Host=other" },
            "persistence.provider=postgres"));
        Assert.Equal("Host=other", fromEnvironment.PostgresConnectionString);
        Assert.Null(DaemonOptions.From(Load(File("persistence.postgres.connection-string = \"Host=db\""))).PostgresConnectionString); // sqlite: unused
    }

    [Fact]
    public void A_file_that_does_not_parse_names_the_file_line_and_column()
    {
        var path = File("link {\n  poll-interval = 2s\n\nhttp {\n  url = \"http://x\"\n}\n");
        var e = Assert.Throws<ConfigurationException>(() => Load(path));
        Assert.Equal("--config", e.Key);
        Assert.Equal($"{path}:7:1: expected '}}' to close the '{{' at 1:6", e.Message);
    }

    [Fact]
    public void A_file_written_for_the_old_parser_reads_its_optional_environment_substitutions_from_the_given_environment()
    {
        var path = File("data-dir = \"data\"\ndata-dir = ${?CHARGER_DATA_DIR}\nlink.poll-interval = 2s\nlink.silence-timeout = ${?SILENCE}\n");
        var settings = Load(path, new() { ["CHARGER_DATA_DIR"] = _dir, ["SILENCE"] = "40s" });
        Assert.Equal((_dir, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(40)), (settings.DataDir, settings.Link.PollInterval, settings.Link.SilenceTimeout));

        settings = Load(path); // unset: the earlier value, or the default
        Assert.Equal(("data", TimeSpan.FromSeconds(2), new HostSettings().Link.SilenceTimeout), (settings.DataDir, settings.Link.PollInterval, settings.Link.SilenceTimeout));
    }

    [Fact]
    public void Environment_variables_override_with_the_forms_the_file_is_written_in()
    {
        var settings = Load(File("http.public-reads = off\n"), new()
        {
            ["CHARGER__HTTP__PUBLIC-READS"] = "on",
            ["CHARGER__HTTP__MAX-BODY-BYTES"] = "1MiB",
            ["CHARGER__LINK__SILENCE-TIMEOUT"] = "1.5 minutes",
        });
        Assert.True(settings.Http.PublicReads);
        Assert.Equal(1024 * 1024, settings.Http.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.Link.SilenceTimeout);
    }

    [Fact]
    public void The_akka_section_is_left_to_Akka_while_a_typo_elsewhere_is_still_refused()
    {
        var settings = Load(File("akka { loglevel = DEBUG, actor.default-dispatcher.throughput = 10 }\nlink.poll-interval = 2s\n"));
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Link.PollInterval);
        Assert.Equal("akk", Assert.Throws<ConfigurationException>(() => Load(File("akk.loglevel = DEBUG"))).Key);
    }

    [Fact]
    public void Api_keys_are_checked_and_kept_only_as_hashes()
    {
        var settings = Load(File("""
            security.api-keys = [
              { id = "ops", role = control, key = "0123456789abcdef0123" }
              { id = "app", role = read, sha256 = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8" }
            ]
            """));
        var keys = ApiKeyStore.From(settings.Security, "env-key-0123456789");
        Assert.Equal(new ApiKeyIdentity("ops", ApiRole.Control), keys.Authenticate("0123456789abcdef0123"));
        Assert.Equal(new ApiKeyIdentity("app", ApiRole.Read), keys.Authenticate("password"));
        Assert.Equal(new ApiKeyIdentity("env", ApiRole.Control), keys.Authenticate("env-key-0123456789"));
        Assert.Null(keys.Authenticate("0123456789abcdef012"));
        Assert.Null(keys.Authenticate(null));

        Assert.Equal("security.api-keys[0].key", Assert.Throws<ConfigurationException>(() =>
            ApiKeyStore.From(Load(File("security.api-keys = [ { id = a, role = control, key = short } ]")).Security, null)).Key);
        Assert.Equal("security.api-keys[0].role", Assert.Throws<ConfigurationException>(() =>
            ApiKeyStore.From(Load(File("security.api-keys = [ { id = a, role = admin, key = \"0123456789abcdef0\" } ]")).Security, null)).Key);
        Assert.Equal("CHARGER_API_KEY", Assert.Throws<ConfigurationException>(() => ApiKeyStore.From(new SecuritySettings(), "short")).Key);
    }

    [Fact]
    public void A_key_longer_than_the_stack_buffer_and_one_with_multibyte_characters_authenticate_like_any_other()
    {
        // The presented key is hashed in a 512-byte stack buffer, or a pooled one when its UTF-8 could be longer.
        var longKey = new string('k', 700);
        var accented = "clé-de-l'opérateur-çàü-0123";
        var keys = ApiKeyStore.From(new SecuritySettings
        {
            ApiKeys = [new ApiKeySettings { Id = "long", Role = "read", Key = longKey }, new ApiKeySettings { Id = "accented", Role = "control", Key = accented }],
        }, null);
        Assert.Equal(new ApiKeyIdentity("long", ApiRole.Read), keys.Authenticate(longKey));
        Assert.Null(keys.Authenticate(longKey + "k"));
        Assert.Null(keys.Authenticate(longKey[..^1]));
        Assert.Equal(new ApiKeyIdentity("accented", ApiRole.Control), keys.Authenticate(accented));
        Assert.Null(keys.Authenticate(accented.Replace("é", "e", StringComparison.Ordinal)));
        // The same identity every time: nothing is made per request.
        Assert.Same(keys.Authenticate(longKey), keys.Authenticate(longKey));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
