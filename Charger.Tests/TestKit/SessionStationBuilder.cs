using Akka.Actor;
using Akka.TestKit;
using Charger.Actors.Charging;
using Charger.Actors.Metering;
using Charger.Actors.Serial;
using Charger.Actors.Sessions;
using Charger.Actors.Station;
using Charger.Actors.Subscribers;
using Charger.Tests.Subscribers;

namespace Charger.Tests.TestKit;

/// <summary>
/// The station the simulator-driven session tests run, as the daemon composes it: one charger <see cref="ChargerId"/>
/// on a simulated ESP32's pty (<see cref="DevicePath"/>), sessions journaled, every charger event forwarded to
/// <see cref="Events"/>, and a meter when <see cref="Meter"/> is set. The test's actor system needs the session
/// journal configured (<c>SessionJournal.ToConfig</c>) and, to read sessions back, a projection.
/// </summary>
public sealed record SessionStationBuilder(string DevicePath, IActorRef Events)
{
    public const string ChargerId = "cp-1";

    /// <summary>The charger's meter, or null for none.</summary>
    public MeterOptions? Meter { get; init; }

    public StationOptions Build() => new()
    {
        Chargers =
        [
            new ChargerOptions
            {
                Id = ChargerId,
                Link = new SerialLinkOptions { PortPath = DevicePath, RandomFactor = 0 },
                // The journal is a real SQLite file written in real time while the test's clock runs ahead of it.
                Commands = new CommandOptions { AckTimeout = TimeSpan.FromSeconds(5), StopConfirmTimeout = TimeSpan.FromSeconds(10), JournalTimeout = TimeSpan.FromMinutes(5) },
                Meter = Meter,
            },
        ],
        Subscribers = [new SubscriberDefinition("events", () => new TestSinks.Forwarding(Events), new SubscriberOptions { MaxRetries = 0 })],
        Sessions = new SessionPersistence(new SessionActorOptions { SnapshotEvery = 5 }),
    };

    /// <summary>Starts the station in <paramref name="system"/> and returns its charger once the supervisor has made it.</summary>
    public ChargerHandle Start(ActorSystem system, ChargerRegistry registry, TestProbe client)
    {
        var chargers = system.ActorOf(ChargersSupervisor.Props(Build(), registry), ChargersSupervisor.Name);
        client.Send(chargers, ChargersSupervisor.GetChargers.Instance);
        client.ExpectMsg<ChargersSupervisor.Chargers>();
        return registry.TryGet(ChargerId, out var charger) ? charger : throw new TestKitException($"The station has no charger '{ChargerId}'.");
    }
}
