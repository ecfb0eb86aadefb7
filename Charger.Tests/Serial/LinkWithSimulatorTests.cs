using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Akka.TestKit;
using Charger.Actors.Protocol;
using Charger.Actors.Serial;
using Charger.Actors.Simulation;
using Charger.Actors.Supervision;
using Charger.Tests.TestKit;

namespace Charger.Tests.Serial;

/// <summary>
/// The acceptance of the ESP32 link: the real serial layer and SerialPortActor against the
/// firmware-faithful simulator over a pseudo-terminal, all timers on one manual clock. Run with the termios
/// port here and with System.IO.Ports in <see cref="LinkWithSimulatorOverSystemIoPortsTests"/>.
/// </summary>
public class LinkWithSimulatorTests : ActorTestBase
{
    private readonly SimulatedStation _station;
    private readonly TestProbe _listener;
    private readonly LinkMonitor _monitor;
    private readonly IActorRef _link;

    public LinkWithSimulatorTests()
    {
        _station = new SimulatedStation(Time);
        _listener = CreateProbe("listener");
        _monitor = new LinkMonitor(Time);
        var options = new SerialLinkOptions { PortPath = _station.DevicePath, RandomFactor = 0, Driver = Driver };
        var path = ((ExtendedActorSystem)Sys).Guardian.Path / "link";
        _link = Sys.ActorOf(SerialLink.Props(options, _listener.Ref, _monitor, new FlightRecorder(16 * 1024, Time), Logging.GetLogger(Sys, "link"),
            Sys.Supervision(), path), "link");
        ExpectState(1, TimeSpan.FromSeconds(10)); // booted and answering polls
    }

    /// <summary>The driver the link opens the port with (a virtual property read by the constructor: it uses no state).</summary>
    protected virtual SerialDriver Driver => SerialDriver.Termios;

    private StatFrame ExpectState(int state, TimeSpan? within = null) =>
        (StatFrame)_station.AdvanceUntil<SerialPortActor.FrameReceived>(_listener,
            f => f.Frame is StatFrame s && s.State == state, within ?? TimeSpan.FromSeconds(10), what: $"STAT with STATE={state}").Frame;

    private T ExpectFrame<T>(Predicate<T> match, TimeSpan? within = null) where T : Esp32Frame =>
        (T)_station.AdvanceUntil<SerialPortActor.FrameReceived>(_listener,
            f => f.Frame is T t && match(t), within ?? TimeSpan.FromSeconds(10), what: typeof(T).Name).Frame;

    private LinkState ExpectLink(bool up, TimeSpan within) =>
        _station.AdvanceUntil<SerialPortActor.LinkChanged>(_listener, c => c.State.IsUp == up, within, TimeSpan.FromMilliseconds(50),
            up ? "link up" : "link down").State;

    /// <summary>
    /// The hang-up travels through real threads, so allow it real time: the clock moves too, but less than
    /// the silence timeout, so a "down" here is the hang-up being noticed, not the silence check.
    /// </summary>
    private LinkState ExpectHangUp()
    {
        var down = ExpectLink(up: false, TimeSpan.FromSeconds(4));
        Assert.DoesNotContain("silent", down.LastError);
        return down;
    }

    // Asks time out on the manual clock, which only the test moves: bound the wait in real time too.
    private async Task Send(Esp32Command command) =>
        Assert.IsType<SerialPortActor.Sent>(await _link.Ask<object>(new SerialPortActor.Send(command), TimeSpan.FromSeconds(30)).WaitAsync(TimeSpan.FromSeconds(10)));

    [Fact]
    public async Task A_full_charge_cycle_is_seen_state_by_state()
    {
        _station.Vehicle.PlugCable(32);
        Assert.Equal(32, ExpectState(2).Cable);
        _station.Vehicle.ConnectEv();
        ExpectState(3);

        await Send(Esp32Command.Authorize);
        ExpectFrame<AckFrame>(a => a.Command == "AUTH" && a.Status == "OK");
        Assert.Equal(1, ExpectState(4).Auth);

        _station.Vehicle.RequestCharge();
        Assert.Equal(1, ExpectState(5).Rl);
        _station.Vehicle.Pause();
        ExpectState(6);
        _station.Vehicle.Resume();
        ExpectState(5);

        await Send(Esp32Command.Stop);
        var stopped = ExpectState(7);
        Assert.Equal(0, stopped.Rl);

        _station.Vehicle.DisconnectEv();
        _station.Vehicle.UnplugCable();
        ExpectFrame<InfoFrame>(i => i.Message == "FINISHING_EXIT_STATION_CABLE_DISCONNECTED");
        ExpectState(1);
        Assert.True(_monitor.Current.IsUp);
        Assert.Equal(0, _monitor.Current.Reconnects);
    }

    [Fact]
    public async Task Unplug_and_replug_reconnects_within_the_first_backoff_step_after_the_device_returns()
    {
        _station.Simulator.Disappear();
        var down = ExpectHangUp();
        Assert.Equal(1, down.ReconnectAttempts);
        // While down, a command is answered at once. (Akka forwards what arrives between the failure and the
        // dying child's termination to that child, which drops it: ask once the child is gone; the clock stands still.)
        AwaitAssert(() =>
        {
            var child = _link.Ask<BackoffSupervisor.CurrentChild>(BackoffSupervisor.GetCurrentChild.Instance, TimeSpan.FromSeconds(3)).Result.Ref;
            Assert.True(child is null || child.IsNobody(), $"the link still has its child {child}");
        });
        var reply = await _link.Ask<object>(new SerialPortActor.Send(Esp32Command.Authorize), TimeSpan.FromSeconds(30)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<SerialPortActor.LinkUnavailable>(reply);

        // Gone for a while: the reopen attempts fail and back off (100, 200, 400, 800 ms ...).
        AwaitAssert(() =>
        {
            Time.Advance(TimeSpan.FromMilliseconds(50));
            Assert.True(_monitor.Current.ReconnectAttempts >= 4);
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(5));
        Assert.False(_monitor.Current.IsUp);

        // Back: the very next attempt succeeds, i.e. no failed attempt after the device returned.
        _listener.ReceiveWhile<object>(m => m, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50));
        var attemptsBefore = _monitor.Current.ReconnectAttempts;
        _station.Simulator.Reappear();
        var first = _station.AdvanceUntil<SerialPortActor.LinkChanged>(_listener, _ => true, TimeSpan.FromSeconds(13), TimeSpan.FromMilliseconds(50));
        Assert.True(first.State.IsUp, $"expected the link back, got another failure: {first.State}");
        Assert.Equal(1, first.State.Reconnects);
        Assert.True(attemptsBefore >= 4);
        ExpectState(1);
    }

    [Fact]
    public void With_the_device_watcher_a_returning_device_is_reopened_at_once_without_waiting_out_the_backoff()
    {
        WatchDevice();
        _station.Simulator.Disappear();
        ExpectHangUp();
        _listener.ReceiveWhile<object>(m => m, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50));

        _station.Simulator.Reappear(); // the clock does not move: only the watcher can bring it back
        var up = _listener.FishForMessage<SerialPortActor.LinkChanged>(c => c.State.IsUp, TimeSpan.FromSeconds(5));
        Assert.Equal(1, up.State.Reconnects);
    }

    [Fact]
    public void A_device_that_returns_before_the_link_noticed_it_was_gone_is_reopened_on_the_device_event()
    {
        WatchDevice();
        for (var round = 1; round <= 3; round++)
        {
            // Gone and back within microseconds: the device event comes while the old connection is still being torn
            // down, when the backoff supervisor ignores a start. The clock stands still, so no backoff tick can help.
            _station.Simulator.Disappear();
            _station.Simulator.Reappear();
            var up = _listener.FishForMessage<SerialPortActor.LinkChanged>(c => c.State.IsUp && c.State.Reconnects == round, TimeSpan.FromSeconds(5),
                $"the link back after re-plug {round}");
            Assert.Equal(round, up.State.Reconnects);
        }
    }

    [Fact]
    public void A_device_folder_that_is_removed_and_created_again_is_still_watched()
    {
        WatchDevice();
        var folder = Path.GetDirectoryName(_station.DevicePath)!;
        _station.Simulator.Disappear();
        ExpectHangUp();
        // As udev does with /dev/serial/by-id when the last USB serial adapter goes: the folder goes with the device.
        Directory.Delete(folder, recursive: true);
        _listener.ReceiveWhile<object>(m => m, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50));

        _station.Simulator.Reappear(); // the transport creates the folder again, then the device in it
        var up = _listener.FishForMessage<SerialPortActor.LinkChanged>(c => c.State.IsUp, TimeSpan.FromSeconds(5));
        Assert.Equal(1, up.State.Reconnects);
    }

    private void WatchDevice()
    {
        var watch = Sys.ActorOf(DeviceWatchActor.Props(_link, new SerialLinkOptions { PortPath = _station.DevicePath }, _monitor), DeviceWatchActor.Name);
        // Answered once its PreStart has run, i.e. once the device folder is watched.
        watch.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(30)).WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task An_esp32_reboot_mid_charge_is_seen_as_boot_text_and_idle_state_without_losing_the_link()
    {
        _station.Vehicle.PlugCable(32);
        _station.Vehicle.ConnectEv();
        ExpectState(3);
        await Send(Esp32Command.Authorize);
        _station.Vehicle.RequestCharge();
        ExpectState(5);

        _station.Simulator.Reboot();
        ExpectFrame<NoiseLine>(n => n.Text.Contains("CSRPI", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        var after = ExpectState(1, TimeSpan.FromSeconds(10)); // the firmware forgets the charge
        Assert.Equal(0, after.Auth);
        Assert.Equal(0, after.Lock);
        Assert.True(_monitor.Current.IsUp);
        Assert.Equal(0, _monitor.Current.ReconnectAttempts);
    }

    [Fact]
    public void A_hung_esp32_is_detected_within_the_silence_timeout_and_the_link_recovers_when_it_answers_again()
    {
        _station.Simulator.Hang();
        var hungAt = Time.GetUtcNow();
        var down = ExpectLink(up: false, TimeSpan.FromSeconds(6));
        Assert.Contains("silent", down.LastError);
        // When the link declared itself down, not when the probe saw it: on a loaded machine the probe's 40 ms wait
        // per clock step can run out before the message arrives, and the clock moves on while it travels.
        Assert.InRange(down.Since - hungAt, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5.1));

        _station.Simulator.Resume();
        ExpectLink(up: true, TimeSpan.FromSeconds(5));
        ExpectState(1);
    }

    [Fact]
    public void Corrupted_and_duplicated_bytes_from_the_esp32_never_break_the_link()
    {
        _station.Simulator.Faults.ToHost = new ByteFaults(DropProbability: 0.005, CorruptProbability: 0.01, DuplicateProbability: 0.01);
        _station.Vehicle.PlugCable(32);
        ExpectState(2, TimeSpan.FromSeconds(30));
        Assert.True(_monitor.Current.IsUp);
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing); // the actor system first: it closes the port before the device goes
        }
        finally
        {
            if (disposing) _station.Dispose();
        }
    }
}
