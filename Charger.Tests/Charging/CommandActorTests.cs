using Akka.Actor;
using Akka.TestKit;
using Charger.Actors.Charging;
using Charger.Actors.Protocol;
using Charger.Tests.Protocol;
using Charger.Actors.Serial;
using Charger.Tests.TestKit;

namespace Charger.Tests.Charging;

/// <summary>The command rules, with a probe playing the serial link and the test playing the firmware.</summary>
public sealed class CommandActorTests : ActorTestBase
{
    private readonly TestProbe _link;
    private readonly TestProbe _client;
    private IActorRef _commands;

    public CommandActorTests()
    {
        _link = CreateProbe("link");
        _client = CreateProbe("client");
        _commands = StartCommands(startLedger: null);
    }

    private IActorRef StartCommands(IActorRef? startLedger)
    {
        var commands = Sys.ActorOf(Props.Create(() => new CommandActor(_link.Ref, new CommandOptions(), startLedger)));
        commands.Tell(new SerialPortActor.LinkChanged(new LinkState(true, Time.GetUtcNow(), "/dev/ttyUSB0", 0, null, 0)));
        return commands;
    }

    /// <summary>Replaces the command actor with one that journals starts ahead in <paramref name="ledger"/> (the session actor's part).</summary>
    private void UseStartLedger(TestProbe ledger)
    {
        Sys.Stop(_commands);
        _commands = StartCommands(ledger.Ref);
    }

    private static Esp32Frame Frame(string line) => Assert.Single(Wire.Decode(line));

    private void Stat(int state) => _commands.Tell(new SerialPortActor.FrameReceived(
        Frame($"<STAT;CP=1;CPV=2885;PP=1;PPV=910;RL=0;LOCK=0;MOTOR=0;PWM=66;MAX=16;CABLE=32;AUTH=0;STATE={state};PB=0;STOP=0;>"), Time.GetUtcNow()));

    private void Ack(string command, string status = "OK") =>
        _commands.Tell(new SerialPortActor.FrameReceived(Frame($"<ACK;CMD={command};STATUS={status};>"), Time.GetUtcNow()));

    /// <summary>Plays the link: expects the write of <paramref name="expected"/> and confirms it.</summary>
    private void ExpectWrite(Esp32Command expected)
    {
        var send = _link.ExpectMsg<SerialPortActor.Send>(s => Equals(s.Command, expected), hint: expected.Name);
        _link.Reply(new SerialPortActor.Sent(send.Command, Time.GetUtcNow()));
    }

    private T Result<T>() where T : CommandResult => _client.ExpectMsg<T>();

    [Fact]
    public void Start_in_EvConnected_is_written_and_accepted_on_its_ack()
    {
        Stat(3);
        _client.Send(_commands, new StartCharging("user-1"));
        ExpectWrite(Esp32Command.Authorize);
        Ack("AUTH");
        Assert.Equal(new StartCharging("user-1"), Result<CommandResult.Accepted>().Command);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Start_is_refused_in_every_other_state_with_the_state_named(int state)
    {
        Stat(state);
        _client.Send(_commands, new StartCharging());
        var rejected = Result<CommandResult.Rejected>();
        Assert.Equal(state, rejected.StateCode);
        Assert.Contains($"({state})", rejected.Reason);
        Assert.Contains(((ChargerState)state).ToString(), rejected.Reason);
        _link.ExpectNoMsg(TimeSpan.FromMilliseconds(50)); // nothing was written
    }

    [Fact]
    public void A_status_older_than_a_poll_is_refreshed_before_deciding()
    {
        Stat(1);
        Time.Advance(TimeSpan.FromSeconds(2));
        _client.Send(_commands, new StartCharging());
        ExpectWrite(Esp32Command.ReadStatus);
        Stat(3); // the EV connected meanwhile: the fresh status decides
        ExpectWrite(Esp32Command.Authorize);
        Ack("AUTH");
        Result<CommandResult.Accepted>();
    }

    [Fact]
    public void After_a_link_outage_the_status_from_before_it_is_not_trusted_however_recent()
    {
        Stat(3);
        _commands.Tell(new SerialPortActor.LinkChanged(new LinkState(false, Time.GetUtcNow(), "/dev/ttyUSB0", 1, "hang-up", 0)));
        _commands.Tell(new SerialPortActor.LinkChanged(new LinkState(true, Time.GetUtcNow(), "/dev/ttyUSB0", 0, "hang-up", 1)));
        _client.Send(_commands, new StartCharging()); // the STATE=3 above is 0 ms old
        ExpectWrite(Esp32Command.ReadStatus);
        Stat(1); // the ESP32 rebooted during the outage
        Assert.Equal(1, Result<CommandResult.Rejected>().StateCode);
        _link.ExpectNoMsg(TimeSpan.FromMilliseconds(50)); // no AUTH written
    }

    [Fact]
    public void Without_a_fresh_status_in_time_the_command_is_not_sent()
    {
        _client.Send(_commands, new StartCharging());
        ExpectWrite(Esp32Command.ReadStatus);
        Time.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Contains("was not sent", Result<CommandResult.Rejected>().Reason);
        _link.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(33)]
    [InlineData(0)]
    public void Max_current_outside_6_to_32_is_refused(int amps)
    {
        Stat(1);
        _client.Send(_commands, new SetMaxCurrent(amps));
        Assert.Contains("6..32 A", Result<CommandResult.Rejected>().Reason);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(0, false)]
    [InlineData(4, false)]
    [InlineData(5, false)]
    [InlineData(6, false)]
    [InlineData(7, false)]
    [InlineData(8, false)]
    public void Max_current_is_only_set_where_the_firmwares_force_to_idle_is_harmless(int state, bool allowed)
    {
        Stat(state);
        _client.Send(_commands, new SetMaxCurrent(16));
        if (!allowed)
        {
            Assert.Contains("1..3", Result<CommandResult.Rejected>().Reason);
            return;
        }
        ExpectWrite(Esp32Command.SetMaxCurrent(16));
        Ack("SETMAXAMP");
        Result<CommandResult.Accepted>();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(4, 7)]
    [InlineData(5, 7)]
    [InlineData(6, 7)]
    [InlineData(7, 7)]
    [InlineData(8, 7)]
    public void Stop_is_sent_in_any_state_and_confirmed_by_the_next_status(int state, int after)
    {
        Stat(state);
        _client.Send(_commands, new StopCharging());
        ExpectWrite(Esp32Command.Stop);
        Time.Advance(TimeSpan.FromMilliseconds(10));
        Stat(after);
        Assert.Equal(after, Result<CommandResult.Confirmed>().Status.StateCode);
    }

    [Fact]
    public void A_stop_that_never_shows_is_reported_as_unknown_not_as_failed()
    {
        Stat(5);
        _client.Send(_commands, new StopCharging());
        ExpectWrite(Esp32Command.Stop);
        Stat(5);
        Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Contains("unknown whether it ran", Result<CommandResult.TimedOut>().Reason);
    }

    [Fact]
    public void An_ack_timeout_is_a_timeout_and_its_late_ack_never_satisfies_the_next_command()
    {
        Stat(3);
        _client.Send(_commands, new StartCharging());
        ExpectWrite(Esp32Command.Authorize);
        Time.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Contains("unknown whether it ran", Result<CommandResult.TimedOut>().Reason);

        Stat(3);
        _client.Send(_commands, new StartCharging());
        ExpectWrite(Esp32Command.Authorize);
        Ack("AUTH"); // the first command's ACK, arriving late
        _client.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Ack("AUTH"); // this command's own ACK
        Result<CommandResult.Accepted>();
    }

    [Fact]
    public void An_ack_for_another_command_is_not_this_commands_ack()
    {
        Stat(1);
        _client.Send(_commands, new SetMaxCurrent(10));
        ExpectWrite(Esp32Command.SetMaxCurrent(10));
        Ack("READSTAT"); // a poll's answer
        Ack("AUTH");
        _client.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Ack("SETMAXAMP");
        Result<CommandResult.Accepted>();
    }

    [Fact]
    public void A_negative_ack_is_a_rejection()
    {
        Stat(3);
        _client.Send(_commands, new StartCharging());
        ExpectWrite(Esp32Command.Authorize);
        Ack("AUTH", "FAIL");
        Assert.Contains("FAIL", Result<CommandResult.Rejected>().Reason);
    }

    [Fact]
    public void Commands_during_link_down_fail_at_once_and_are_never_replayed()
    {
        Stat(3);
        _commands.Tell(new SerialPortActor.LinkChanged(new LinkState(false, Time.GetUtcNow(), "/dev/ttyUSB0", 1, "hang-up", 0)));
        _client.Send(_commands, new StartCharging());
        Result<CommandResult.LinkDown>();
        _commands.Tell(new SerialPortActor.LinkChanged(new LinkState(true, Time.GetUtcNow(), "/dev/ttyUSB0", 0, null, 1)));
        _link.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // the refused start is not sent when the link returns
    }

    [Fact]
    public void The_links_reply_while_stopped_is_a_link_down_result()
    {
        Stat(3);
        _client.Send(_commands, new StartCharging());
        _link.ExpectMsg<SerialPortActor.Send>();
        _link.Reply(new SerialPortActor.LinkUnavailable("serial link down; reconnecting"));
        Assert.Contains("reconnecting", Result<CommandResult.LinkDown>().Reason);
    }

    [Fact]
    public void The_link_going_down_after_the_write_leaves_the_outcome_unknown()
    {
        Stat(3);
        _client.Send(_commands, new StartCharging());
        ExpectWrite(Esp32Command.Authorize);
        _commands.Tell(new SerialPortActor.LinkChanged(new LinkState(false, Time.GetUtcNow(), "/dev/ttyUSB0", 1, "hang-up", 0)));
        Assert.Contains("unknown whether it ran", Result<CommandResult.TimedOut>().Reason);
    }

    [Fact]
    public void One_command_at_a_time()
    {
        Stat(3);
        _client.Send(_commands, new StartCharging());
        _link.ExpectMsg<SerialPortActor.Send>();
        var other = CreateProbe();
        other.Send(_commands, new StopCharging());
        Assert.Contains("in flight", other.ExpectMsg<CommandResult.Rejected>().Reason);
    }

    [Fact]
    public void With_a_start_ledger_AUTH_is_written_only_once_the_ledger_recorded_that_start()
    {
        var ledger = CreateProbe("ledger");
        UseStartLedger(ledger);
        Stat(3);
        _client.Send(_commands, new StartCharging("user-1"));

        var record = ledger.ExpectMsg<CommandActor.RecordStart>();
        Assert.Equal(("user-1", Time.GetUtcNow()), (record.UserId, record.At));
        _link.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // not before the ledger answers
        ledger.Reply(new CommandActor.StartRecorded(record.RequestId + 1)); // another start's confirmation
        _link.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        ledger.Reply(new CommandActor.StartRecorded(record.RequestId));
        ExpectWrite(Esp32Command.Authorize);
        Ack("AUTH");
        Assert.Equal(new StartCharging("user-1"), Result<CommandResult.Accepted>().Command);
        ledger.ExpectNoMsg(TimeSpan.FromMilliseconds(50)); // an accepted start is not refused
    }

    [Fact]
    public void A_ledger_that_does_not_record_the_start_in_time_means_the_start_is_not_sent_even_when_it_answers_late()
    {
        var ledger = CreateProbe("ledger");
        UseStartLedger(ledger);
        Stat(3);
        _client.Send(_commands, new StartCharging("user-1"));
        var record = ledger.ExpectMsg<CommandActor.RecordStart>();

        Time.Advance(new CommandOptions().JournalTimeout - TimeSpan.FromMilliseconds(1));
        _client.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var notRecorded = Result<CommandResult.NotRecorded>();
        Assert.Equal(new StartCharging("user-1"), notRecorded.Command);
        Assert.Contains("was not sent", notRecorded.Reason);
        // The ledger hears that this start will never run, so a record that lands late does not leave its user waiting.
        Assert.Contains("was not sent", ledger.ExpectMsg<CommandActor.StartRefused>().Reason);

        ledger.Reply(new CommandActor.StartRecorded(record.RequestId)); // the journal caught up: too late
        _link.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // no AUTH, before the timeout or after it (the probe keeps every write)
        _client.ExpectNoMsg(TimeSpan.FromMilliseconds(50));

        Stat(3); // the next start goes through the ledger again, and only its own confirmation sends it
        _client.Send(_commands, new StartCharging("user-2"));
        var next = ledger.ExpectMsg<CommandActor.RecordStart>();
        Assert.NotEqual(record.RequestId, next.RequestId);
        ledger.Reply(new CommandActor.StartRecorded(next.RequestId));
        ExpectWrite(Esp32Command.Authorize);
    }

    [Fact]
    public void A_start_the_firmware_refuses_after_it_was_recorded_is_reported_to_the_ledger()
    {
        var ledger = CreateProbe("ledger");
        UseStartLedger(ledger);
        Stat(3);
        _client.Send(_commands, new StartCharging("user-1"));
        ledger.Reply(new CommandActor.StartRecorded(ledger.ExpectMsg<CommandActor.RecordStart>().RequestId));
        ExpectWrite(Esp32Command.Authorize);
        Ack("AUTH", "FAIL");

        Result<CommandResult.Rejected>();
        Assert.Contains("AUTH with FAIL", ledger.ExpectMsg<CommandActor.StartRefused>().Reason);
    }

    [Fact]
    public void A_start_refused_by_the_rules_never_reaches_the_ledger()
    {
        var ledger = CreateProbe("ledger");
        UseStartLedger(ledger);
        Stat(1);
        _client.Send(_commands, new StartCharging("user-1"));

        Result<CommandResult.Rejected>();
        ledger.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        _link.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Without_a_start_ledger_AUTH_is_written_at_once_and_time_never_turns_it_into_not_recorded()
    {
        Stat(3);
        _client.Send(_commands, new StartCharging("user-1"));
        ExpectWrite(Esp32Command.Authorize);
        Time.Advance(new CommandOptions().JournalTimeout); // past the ack timeout too: the start's fate is unknown, not unrecorded
        Assert.Contains("unknown whether it ran", Result<CommandResult.TimedOut>().Reason);
    }
}
