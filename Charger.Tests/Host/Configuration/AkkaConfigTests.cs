using Akka.Actor;
using Charger.Host.Configuration;

namespace Charger.Tests.Host.Configuration;

/// <summary>The file as Akka.NET's <see cref="Akka.Configuration.Config"/> for the ActorSystem: its values,
/// arrays as arrays, and the same overrides as every other setting, in the same order.</summary>
public sealed class AkkaConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-akka-").FullName;

    private const string Conf = """
        link.poll-interval = 2s
        chargers = [ { id = "a", serial { port = "/dev/ttyUSB0" } }, { id = "b" } ]
        akka {
          loglevel = DEBUG
          loggers = ["Akka.Event.DefaultLogger"]
          actor.default-dispatcher.throughput = 10
        }
        """;

    private string File(string text)
    {
        var path = Path.Combine(_dir, "charger.conf");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_whole_file_comes_back_as_Akka_wrote_it()
    {
        var config = HostConfiguration.ToAkkaConfig(HostConfiguration.Build(File(Conf), [], new Dictionary<string, string>()));

        Assert.Equal("DEBUG", config.GetString("akka.loglevel"));
        Assert.Equal(["Akka.Event.DefaultLogger"], config.GetStringList("akka.loggers"));
        Assert.Equal(10, config.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("link.poll-interval"));
        Assert.Equal(["a", "b"], config.GetValue("chargers").GetArray().Select(c => c.GetChildObject("id").GetString()));
    }

    [Fact]
    public void Overrides_apply_in_order_shortcuts_then_environment_then_command_line()
    {
        var configuration = HostConfiguration.Build(File(Conf), ["akka.loglevel=ERROR", "link.poll-interval=3s"], new Dictionary<string, string>
        {
            ["CHARGER__AKKA__LOGLEVEL"] = "WARNING",
            ["CHARGER__AKKA__ACTOR__DEFAULT-DISPATCHER__THROUGHPUT"] = "5",
            ["CHARGER__AKKA__STDOUT-LOGLEVEL"] = "ERROR", // not in the file: added in lower case, as Akka spells it
            ["CHARGER_SERIAL_PORT"] = "/dev/ttyACM0",
            ["CHARGER_HTTP_URL"] = "http://0.0.0.0:8080",
        });

        var config = HostConfiguration.ToAkkaConfig(configuration);

        Assert.Equal("ERROR", config.GetString("akka.loglevel"));
        Assert.Equal(5, config.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Equal("ERROR", config.GetString("akka.stdout-loglevel"));
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetTimeSpan("link.poll-interval"));
        Assert.Equal("http://0.0.0.0:8080", config.GetString("http.url"));
        var chargers = config.GetValue("chargers").GetArray(); // still an array, its first element overridden
        Assert.Equal(["/dev/ttyACM0", null], chargers.Select(c => c.GetChildObject("serial")?.GetChildObject("port")?.GetString()));
        Assert.Equal(["Akka.Event.DefaultLogger"], config.GetStringList("akka.loggers"));

        // The settings see the same, and the file as parsed is left as it was.
        Assert.Equal("/dev/ttyACM0", HostConfiguration.Bind(configuration).Chargers[0].Serial.Port);
        var file = Assert.IsType<HoconConfigurationProvider>(configuration.Providers.First());
        Assert.Equal("DEBUG", file.Config?.GetString("akka.loglevel"));
        Assert.Equal("ERROR", HostConfiguration.ToAkkaConfig(configuration).GetString("akka.loglevel"));
    }

    [Fact]
    public void Without_a_file_the_overrides_alone_make_the_config()
    {
        var configuration = HostConfiguration.Build(null, ["akka.loglevel=INFO"], new Dictionary<string, string> { ["CHARGER_DATA_DIR"] = "/var/lib/charger" });

        var config = HostConfiguration.ToAkkaConfig(configuration);

        Assert.Equal(("INFO", "/var/lib/charger"), (config.GetString("akka.loglevel"), config.GetString("data-dir")));
        Assert.True(HostConfiguration.ActorSystemConfig(HostConfiguration.Build(null, [], new Dictionary<string, string>())).IsEmpty);
    }

    [Fact]
    public void Without_an_akka_section_Akka_keeps_its_defaults()
    {
        var configuration = HostConfiguration.Build(File("data-dir = \"/tmp/x\"\n"), [], new Dictionary<string, string>());

        Assert.True(HostConfiguration.ActorSystemConfig(configuration).IsEmpty);
    }

    [Fact]
    public async Task The_actor_system_config_is_the_akka_section_alone_under_its_key_and_an_ActorSystem_reads_it()
    {
        var configuration = HostConfiguration.Build(File(Conf), ["akka.actor.default-dispatcher.throughput=9"],
            new Dictionary<string, string> { ["CHARGER__AKKA__LOGLEVEL"] = "WARNING" });
        HostConfiguration.Bind(configuration); // Akka's keys are not unknown settings of ours

        var akka = HostConfiguration.ActorSystemConfig(configuration);

        Assert.Equal(["akka"], akka.AsEnumerable().Select(e => e.Key));
        var system = ActorSystem.Create("charger-config-test", akka);
        try
        {
            Assert.Equal("WARNING", system.Settings.LogLevel);
            Assert.Equal(9, system.Settings.Config.GetInt("akka.actor.default-dispatcher.throughput"));
        }
        finally
        {
            await system.Terminate();
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
