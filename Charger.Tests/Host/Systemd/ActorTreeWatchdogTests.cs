using Akka.Actor;
using Akka.TestKit;
using Charger.Actors.Charging;
using Charger.Actors.Serial;
using Charger.Actors.Station;
using Charger.Actors.Subscribers;
using Charger.Host.Systemd;
using Charger.Tests.Subscribers;
using Charger.Tests.TestKit;
using Microsoft.Extensions.Logging;

namespace Charger.Tests.Host.Systemd;

/// <summary>
/// The daemon's watchdog rule on a real charger tree: the station as the daemon builds it (chargers supervisor and
/// registry) with cp-1 on the firmware simulator over a pty, on the manual clock that also drives the watchdog, whose
/// pings go through Microsoft.Extensions.Hosting.Systemd's notifier to a datagram socket. <c>WatchdogSec=2</c>: a
/// check and maybe a ping every second, each check bounded by half a second.
/// </summary>
[Collection(NotifySocketCollection.Name)]
public sealed class ActorTreeWatchdogTests : ActorTestBase
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly NotifySocket _systemd = NotifySocket.InTempDirectory();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly SimulatedStation _station;
    private readonly TestProbe _events;
    private readonly TestProbe _client;
    private readonly ChargerRegistry _registry = new();
    private readonly SystemdWatchdog _watchdog;
    private DateTimeOffset _nextCheck;

    public ActorTreeWatchdogTests()
    {
        _station = new SimulatedStation(Time);
        _events = CreateProbe("events");
        _client = CreateProbe("client");
        _watchdog = new SystemdWatchdog(_systemd.Notifier(), new ActorTreeHealth(() => !Sys.WhenTerminated.IsCompleted, _registry).IsHealthyAsync,
            Time, _logs.CreateLogger<SystemdWatchdog>(), Interval);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _watchdog.Dispose();
            _station.Dispose();
            _systemd.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Starts the station (cp-1 on the simulator, optionally cp-2 on a device that is not there) and waits for cp-1's link.</summary>
    private void Start(bool withAbsentDevice = false)
    {
        var chargers = new List<ChargerOptions>
        {
            new() { Id = "cp-1", Link = new SerialLinkOptions { PortPath = _station.DevicePath, RandomFactor = 0 } },
        };
        if (withAbsentDevice)
            chargers.Add(new() { Id = "cp-2", Link = new SerialLinkOptions { PortPath = "/dev/charger-test-absent-" + Guid.NewGuid().ToString("N"), RandomFactor = 0 } });
        var options = new StationOptions
        {
            Chargers = chargers,
            Subscribers = [new SubscriberDefinition("events", () => new TestSinks.Forwarding(_events.Ref), new SubscriberOptions { MaxRetries = 0 })],
        };
        var station = Sys.ActorOf(ChargersSupervisor.Props(options, _registry), ChargersSupervisor.Name);
        _client.Send(station, ChargersSupervisor.GetChargers.Instance);
        Assert.Equal(chargers.Count, _client.ExpectMsg<ChargersSupervisor.Chargers>().All.Count);
        AwaitLink(ChargerEventType.LinkUp);
        Assert.True(_watchdog.Start());
        _nextCheck = Time.GetUtcNow() + Interval;
    }

    private void AwaitLink(ChargerEventType type) =>
        _station.AdvanceUntil<ChargerEvent>(_events, e => e.ChargerId == "cp-1" && e.Type == type, TimeSpan.FromSeconds(15), what: type.ToString());

    private ChargerHandle Charger(string id) => _registry.TryGet(id, out var handle) ? handle : throw new InvalidOperationException(id);

    /// <summary>
    /// The clock to the next check. When the tree answers, the round ends on the actor system's threads (awaited, at most
    /// 5 s of real time); when it does not, the round waits until the clock reaches its deadline, half an interval later.
    /// </summary>
    /// <param name="wedged">The supervisor that must not answer: a probe's status query queued behind the watchdog's gets no
    /// reply in 300 ms of real time (Akka's ExpectNoMsg; a silence has no event to await), so neither did the watchdog's.</param>
    private async Task RoundAsync(IActorRef? wedged = null)
    {
        Time.Advance(_nextCheck - Time.GetUtcNow());
        _nextCheck += Interval;
        var round = _watchdog.LastCheck;
        if (wedged is null)
        {
            await round.WaitAsync(TimeSpan.FromSeconds(5));
            return;
        }
        _client.Send(wedged, StateTrackerActor.GetStatus.Instance);
        _client.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.False(round.IsCompleted);
        Time.Advance(_watchdog.CheckTimeout!.Value);
        await round;
    }

    [Fact]
    public async Task Pings_while_every_charger_supervisor_answers()
    {
        Start();

        for (var i = 0; i < 3; i++)
        {
            await RoundAsync();
            Assert.Equal(["WATCHDOG=1"], _systemd.Drain());
        }
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_wedged_charger_supervisor_stops_the_pings_until_it_answers_again()
    {
        Start(withAbsentDevice: true);
        await RoundAsync();
        Assert.Equal(["WATCHDOG=1"], _systemd.Drain());

        // What Akka does to an actor whose failure waits for its parent's decision: its mailbox (and its children's)
        // is suspended, so messages queue and nothing answers. A supervisor stuck like this is a wedged tree.
        var wedged = (IInternalActorRef)Charger("cp-1").Supervisor;
        wedged.Suspend();
        for (var i = 0; i < 3; i++) await RoundAsync(wedged);
        Assert.Empty(_systemd.Drain());
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning); // once, not every round

        wedged.Resume(causedByFailure: null);
        for (var i = 0; i < 3; i++) _client.ExpectMsg<StateTrackerActor.CurrentStatus>(); // what queued is answered now
        await RoundAsync();
        Assert.Equal(["WATCHDOG=1"], _systemd.Drain());
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Healthy again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_serial_link_that_is_down_still_pings()
    {
        Start(withAbsentDevice: true); // cp-2's device was never there
        Assert.False(Charger("cp-2").Link.Current.IsUp);

        _station.Simulator.Disappear(); // and cp-1's goes away
        AwaitLink(ChargerEventType.LinkDown);
        Assert.False(Charger("cp-1").Link.Current.IsUp);

        for (var i = 0; i < 3; i++)
        {
            await RoundAsync();
            Assert.Equal(["WATCHDOG=1"], _systemd.Drain());
        }
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
    }
}
