using Akka.TestKit;
using Charger.Actors.Charging;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Projection;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Sessions.Sqlite;
using Charger.Actors.Simulation;
using Charger.Actors.Station;
using Charger.Tests.TestKit;

namespace Charger.Tests.Sessions;

/// <summary>
/// Session lifecycles driven by the firmware-faithful simulator over a pty, through the station as the
/// daemon composes it (tracker -> session actor under its backoff supervisor -> journal -> query table),
/// on the manual clock. A subscriber shows when the charger's events happened; the query table shows
/// what the sessions made of them.
/// </summary>
public sealed class SessionsWithSimulatorTests : SqliteJournalTestBase
{
    private readonly SimulatedStation _station;
    private readonly TestProbe _events;
    private readonly TestProbe _client;
    private readonly ChargerRegistry _registry = new();
    private readonly SqliteSessionQueries _sessions;
    private ChargerHandle _charger = null!;

    // Akka's journal and the projection on a SQLite file, as the daemon runs them (the scheduler is the manual one).
    public SessionsWithSimulatorTests() : base("charger-sessions-")
    {
        _sessions = new SqliteSessionQueries(Database);
        Sys.ActorOf(SessionProjectionActor.Props(new SqliteSessionTables(Database)), SessionProjectionActor.Name);
        _station = new SimulatedStation(Time);
        _events = CreateProbe("events");
        _client = CreateProbe("client");
        _charger = new SessionStationBuilder(_station.DevicePath, _events.Ref).Start(Sys, _registry, _client);
        Event(ChargerEventType.LinkUp);
    }

    private ChargerEvent Event(ChargerEventType type, TimeSpan? within = null, TimeSpan? step = null) =>
        _station.AdvanceUntil<ChargerEvent>(_events, e => e.Type == type, within ?? TimeSpan.FromSeconds(15), step, type.ToString());

    private T Command<T>(ChargerCommand command) where T : CommandResult
    {
        _client.Send(_charger.Supervisor, command);
        return Assert.IsType<T>(_station.AdvanceUntil<CommandResult>(_client, _ => true, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50)));
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

    /// <summary>Waits until the query table shows <paramref name="count"/> sessions and the newest matches.</summary>
    private SessionSummary Newest(Func<SessionSummary, bool> match, int count = 1)
    {
        SessionSummary? newest = null;
        AwaitAssert(() =>
        {
            Time.Advance(TimeSpan.FromMilliseconds(100)); // the read journal polls on the (manual) scheduler
            var page = _sessions.ListAsync(new SessionFilter("cp-1")).Result;
            Assert.Equal(count, page.TotalCount);
            newest = page.Sessions[0];
            Assert.True(match(newest), $"newest session: {newest}");
        }, TimeSpan.FromSeconds(5));
        return newest!;
    }

    private string[] EventTypes(SessionSummary session) =>
        [.. _sessions.EventsAsync("cp-1", session.SessionId).Result!.Select(e => e.Type)];

    [Fact]
    public void A_full_charge_stopped_by_command_is_one_completed_session_of_the_start_requests_user()
    {
        ChargeUntilCharging();
        var open = Newest(s => s.Status == SessionStatus.Active);
        Assert.Equal(("driver-7", 5), (open.UserId, open.StartState));

        Command<CommandResult.Confirmed>(new StopCharging());
        Event(ChargerEventType.ChargeStopped);

        var session = Newest(s => s.Status == SessionStatus.Completed);
        Assert.Equal((open.SessionId, "driver-7", 7), (session.SessionId, session.UserId, session.EndState));
        Assert.Null(session.EnergyKwh);
        AwaitAssert(() =>
        {
            Time.Advance(TimeSpan.FromMilliseconds(100));
            Assert.Null(_sessions.CurrentAsync("cp-1").Result);
        });
    }

    [Fact]
    public void Pause_and_resume_stay_in_one_session()
    {
        ChargeUntilCharging();
        _station.Vehicle.Pause();
        Event(ChargerEventType.ChargePaused);
        _station.Vehicle.Resume();
        Event(ChargerEventType.ChargeStarted);
        Command<CommandResult.Confirmed>(new StopCharging());
        Event(ChargerEventType.ChargeStopped);

        var session = Newest(s => s.Status == SessionStatus.Completed);
        var types = EventTypes(session);
        Assert.Equal(2, types.Count(t => t == nameof(ChargerEventType.ChargeStarted)));
        Assert.Contains(nameof(ChargerEventType.ChargePaused), types);
    }

    [Fact]
    public void The_ev_unplugged_mid_charge_completes_the_session_and_the_cable_removal_is_not_a_new_one()
    {
        ChargeUntilCharging();
        _station.Vehicle.DisconnectEv(); // the firmware goes to STOPPED (5->7)
        Event(ChargerEventType.ChargeStopped);
        _station.Vehicle.UnplugCable();
        Event(ChargerEventType.CableDisconnected);

        var session = Newest(s => s.Status == SessionStatus.Completed);
        Assert.Equal(7, session.EndState);
    }

    [Fact]
    public void A_power_board_fault_during_the_charge_ends_the_session_faulted()
    {
        ChargeUntilCharging();
        _station.Simulator.Hardware.PowerBoard.Condition = PowerBoardStatus.EarthFault;
        Event(ChargerEventType.FaultDetected, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250));

        var session = Newest(s => s.Status == SessionStatus.Faulted);
        Assert.Equal(8, session.EndState);
        Assert.Equal(nameof(ChargerEventType.FaultDetected), EventTypes(session)[^1]);
    }

    [Fact]
    public void A_link_outage_mid_charge_is_recorded_as_degraded_and_the_session_goes_on()
    {
        ChargeUntilCharging();
        _station.Simulator.Disappear();
        Event(ChargerEventType.LinkDown, TimeSpan.FromSeconds(10));
        Assert.True(Newest(s => s.LinkDegraded is [{ Until: null }]).Status == SessionStatus.Active);
        _station.Simulator.Reappear();
        Event(ChargerEventType.LinkUp, TimeSpan.FromSeconds(30));

        var open = Newest(s => s.LinkDegraded is [{ Until: not null }]);
        Assert.Equal(SessionStatus.Active, open.Status);
        Command<CommandResult.Confirmed>(new StopCharging());
        Event(ChargerEventType.ChargeStopped);

        var session = Newest(s => s.Status == SessionStatus.Completed);
        Assert.Equal(open.SessionId, session.SessionId);
        Assert.Contains(SessionEventView.LinkDown, EventTypes(session));
        Assert.Contains(SessionEventView.LinkUp, EventTypes(session));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing); // the actor system first: the runtime lets go of the pty before the simulator goes
        if (disposing) _station.Dispose();
    }
}
