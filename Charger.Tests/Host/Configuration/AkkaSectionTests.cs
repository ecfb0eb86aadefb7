using Akka.Actor;
using Charger.Host.Configuration;

namespace Charger.Tests.Host.Configuration;

public sealed class AkkaSectionTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"charger-akka-{Guid.NewGuid():N}.conf");

    [Fact]
    public async Task The_files_akka_section_with_its_overrides_configures_the_actor_system()
    {
        File.WriteAllText(_file, """
            data-dir = "/tmp/x"
            akka {
              loglevel = DEBUG
              actor.default-dispatcher.throughput = 7
            }
            """);
        var configuration = HostConfiguration.Build(_file, ["akka.actor.default-dispatcher.throughput=9"], new Dictionary<string, string>());
        HostConfiguration.Bind(configuration); // Akka's keys are not unknown settings of ours

        var akka = AkkaSection.From(configuration);
        using var system = ActorSystem.Create("akka-section", akka);
        Assert.Equal("DEBUG", system.Settings.LogLevel);
        Assert.Equal(9, system.Settings.Config.GetInt("akka.actor.default-dispatcher.throughput"));
        await system.Terminate();
    }

    [Fact]
    public void Without_an_akka_section_Akka_keeps_its_defaults()
    {
        File.WriteAllText(_file, "data-dir = \"/tmp/x\"\n");
        Assert.True(AkkaSection.From(HostConfiguration.Build(_file, [], new Dictionary<string, string>())).IsEmpty);
    }

    public void Dispose() => File.Delete(_file);
}
