using Akka.Actor;
using Akka.TestKit;
using Charger.Actors.Charging;
using Charger.Actors.Metering;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Projection;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Sessions.Sqlite;
using Charger.Actors.Simulation;
using Charger.Actors.Station;
using Charger.Tests.TestKit;

namespace Charger.Tests.Metering;

/// <summary>
/// Sessions' energy from the meter, end to end: the firmware-faithful ESP32 simulator and the SDM630 simulator (its
/// current following the simulated vehicle's charge) each on a pty, the station as the daemon composes it (meter link,
/// tracker, session actor, Akka journal on SQLite, projection into the session tables), all on one manual clock.
/// The energy a session reports must be what the meter simulator integrated during the charge, within 1 Wh.
/// </summary>
public sealed class SessionEnergyWithSimulatorTests : SqliteJournalTestBase
{
    private readonly SimulatedStation _station;
    private readonly SimulatedMeter _meter;
    private readonly TestProbe _events;
    private readonly TestProbe _client;
    private readonly TestProbe _idle;
    private readonly ChargerRegistry _registry = new();
    private readonly SqliteSessionQueries _sessions;
    private readonly ChargerHandle _charger;
    private readonly IActorRef _projection;

    public SessionEnergyWithSimulatorTests() : base("charger-energy-")
    {
        _sessions = new SqliteSessionQueries(Database);
        // A short backoff: a projection that starts before Akka has created its tables fails and retries, and the charge
        // below moves the clock by minutes' worth of backoff doublings otherwise.
        _projection = Sys.ActorOf(SessionProjectionActor.Props(new SqliteSessionTables(Database),
            new SessionProjectionOptions { MinBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1) }), SessionProjectionActor.Name);
        _station = new SimulatedStation(Time);
        _meter = new SimulatedMeter(Time, MeterModel.Sdm630, MeterSimulator.CurrentsOf(_station.Simulator, 3));
        _station.AlsoAwaitIo = _meter.AwaitIoCaughtUp;
        _events = CreateProbe("events");
        _client = CreateProbe("client");
        _idle = CreateProbe("idle");
        _charger = new SessionStationBuilder(_station.DevicePath, _events.Ref)
        {
            Meter = new MeterOptions
            {
                PortPath = _meter.DevicePath, Model = MeterModel.Sdm630, Map = RegisterMap.Sdm630, RandomFactor = 0,
                PollInterval = TimeSpan.FromMilliseconds(250), ResponseTimeout = TimeSpan.FromSeconds(2), SilenceTimeout = TimeSpan.FromSeconds(10),
                StaleAfter = TimeSpan.FromSeconds(5), // generous in simulated time: the pty round trips run in real time on a loaded machine
                MaxBackoff = TimeSpan.FromSeconds(1),
            },
        }.Start(Sys, _registry, _client);
        Event(ChargerEventType.LinkUp);
        Until(() => _charger.Meter!.IsFresh, "a fresh meter reading");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        _station.Dispose();
        _meter.Dispose();
    }

    private MeterMonitor Meter => _charger.Meter!;

    private ChargerEvent Event(ChargerEventType type, TimeSpan? within = null) =>
        _station.AdvanceUntil<ChargerEvent>(_events, e => e.Type == type, within ?? TimeSpan.FromSeconds(15), null, type.ToString());

    private T Command<T>(ChargerCommand command) where T : CommandResult
    {
        _client.Send(_charger.Supervisor, command);
        return Assert.IsType<T>(_station.AdvanceUntil<CommandResult>(_client, _ => true, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50)));
    }

    /// <summary>
    /// Moves the clock in 100 ms steps until <paramref name="done"/> (at most 30 s), giving the actors and both devices a
    /// short real-time window at each (as <see cref="SimulatedStation.AdvanceUntil{T}"/> does), so simulated time never
    /// outruns the real I/O and no link goes silent for a stall no device caused.
    /// </summary>
    private void Until(Func<bool> done, string what)
    {
        var end = Time.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (!done())
        {
            if (Time.GetUtcNow() > end) throw new TestKitException($"No {what} within 30 s of simulated time.");
            _idle.ExpectNoMsg(TimeSpan.FromMilliseconds(30));
            _station.AwaitIoCaughtUp();
            Time.Advance(TimeSpan.FromMilliseconds(100));
        }
    }

    private void Run(TimeSpan duration)
    {
        var end = Time.GetUtcNow() + duration;
        Until(() => Time.GetUtcNow() >= end, $"{duration}");
    }

    private void ChargeUntilCharging()
    {
        _station.Vehicle.PlugCable(32);
        _station.Vehicle.ConnectEv();
        Event(ChargerEventType.EvConnected);
        Command<CommandResult.Accepted>(new StartCharging("driver-7"));
        Event(ChargerEventType.ChargeReady);
        _station.Vehicle.RequestCharge();
        Event(ChargerEventType.ChargeStarted);
    }

    private SessionSummary Session(Func<SessionSummary, bool> match)
    {
        SessionSummary? session = null;
        AwaitAssert(() =>
        {
            Time.Advance(TimeSpan.FromMilliseconds(100)); // the read journal polls on the (manual) scheduler
            _station.AwaitIoCaughtUp();
            var page = _sessions.ListAsync(new SessionFilter("cp-1")).Result;
            Assert.True(page.TotalCount == 1, $"{page.TotalCount} sessions; projection {_projection.Ask<SessionProjectionActor.ProjectionStatus>(
                SessionProjectionActor.GetStatus.Instance, TimeSpan.FromSeconds(5)).Result}; journal: " + string.Join(", ",
                AkkaJournalRows.EventsAsync(Database, SessionActor.PersistenceIdOf("cp-1")).Result.Select(e => e.Event.GetType().Name)));
            session = page.Sessions[0];
            Assert.True(match(session), $"session: {session}");
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50)); // the journal and the projection write a real SQLite file: slow on a loaded machine
        return session!;
    }

    private string[] EventTypes(SessionSummary session) =>
        [.. _sessions.EventsAsync("cp-1", session.SessionId).Result!.Select(e => e.Type)];

    private string History(SessionSummary session) =>
        string.Join("; ", _sessions.EventsAsync("cp-1", session.SessionId).Result!.Select(e => $"{e.At:HH:mm:ss.fff} {e.Type} {e.Message}")) +
        $"; failed reads {Meter.FailedReads}, reconnects {Meter.Link.Current.Reconnects}, last error {Meter.Link.Current.LastError}";

    [Fact]
    public void A_full_charge_reports_the_energy_the_meter_integrated_within_1_Wh()
    {
        var before = _meter.Simulator.EnergyWh;
        ChargeUntilCharging();
        Run(TimeSpan.FromSeconds(20));
        Assert.True(Meter.Latest!.PowerW > 20_000, $"power while charging: {Meter.Latest.PowerW} W");
        Command<CommandResult.Confirmed>(new StopCharging());
        Event(ChargerEventType.ChargeStopped);

        var session = Session(s => s is { Status: SessionStatus.Completed, EnergyKwh: not null });
        var integrated = _meter.Simulator.EnergyWh - before;
        Assert.InRange(integrated, 100, 200); // ~22 kW for 20 s and the stop
        Assert.InRange(session.EnergyKwh!.Value * 1000, integrated - 1, integrated + 1);
        Assert.False(session.MeterDownDuringCharge, History(session));
        Assert.Equal(session.MeterStopWh!.Value - session.MeterStartWh!.Value, session.EnergyKwh.Value * 1000, 0.01);
        Assert.Equal(before, session.MeterStartWh.Value, 0.2);
    }

    [Fact]
    public void A_meter_unplugged_mid_charge_marks_the_session_and_the_energy_is_right_from_the_register_when_it_returns()
    {
        var before = _meter.Simulator.EnergyWh;
        ChargeUntilCharging();
        Run(TimeSpan.FromSeconds(10));
        _meter.Transport.Disappear();
        Until(() => !Meter.Link.Current.IsUp, "meter link down");
        Assert.False(Meter.IsFresh);
        Run(TimeSpan.FromSeconds(10)); // still charging: the meter counts, nobody reads it

        // Stopped while the meter is away: the session ends, marked, its energy unknown until the register can be read.
        Command<CommandResult.Confirmed>(new StopCharging());
        Event(ChargerEventType.ChargeStopped);
        var closed = Session(s => s is { Status: SessionStatus.Completed, MeterDownDuringCharge: true });
        Assert.Null(closed.EnergyKwh);
        Assert.Contains(SessionEventView.MeterDown, EventTypes(closed));
        Run(TimeSpan.FromSeconds(5));

        _meter.Transport.Reappear();
        var session = Session(s => s.EnergyKwh is not null);
        var integrated = _meter.Simulator.EnergyWh - before;
        Assert.InRange(integrated, 100, 200);
        Assert.InRange(session.EnergyKwh!.Value * 1000, integrated - 1, integrated + 1);
        Assert.True(session.MeterDownDuringCharge);
    }
}
