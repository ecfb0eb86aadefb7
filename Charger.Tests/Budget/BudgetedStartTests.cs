using Akka.Actor;
using Akka.TestKit;
using Charger.Actors.Budget;
using Charger.Actors.Charging;
using Charger.Actors.Protocol;
using Charger.Actors.Serial;
using Charger.Tests.Protocol;
using Charger.Tests.TestKit;

namespace Charger.Tests.Budget;

/// <summary>
/// A charger's command actor under a site budget, with probes playing the serial link and the budget and the test
/// playing the firmware: a start is admitted by a grant, the max current is lowered to it in EvConnected before AUTH
/// (never during a charge), and what the charger holds follows its state.
/// </summary>
public sealed class BudgetedStartTests : ActorTestBase
{
    private readonly TestProbe _link;
    private readonly TestProbe _budget;
    private readonly TestProbe _client;
    private readonly IActorRef _commands;
    private readonly SiteBudgetOptions _options = new() { MaxCurrentAmps = 32 };

    public BudgetedStartTests()
    {
        _link = CreateProbe("link");
        _budget = CreateProbe("budget");
        _client = CreateProbe("client");
        var access = new SiteBudgetAccess(_budget.Ref, _options);
        _commands = Sys.ActorOf(Props.Create(() => new CommandActor(_link.Ref, new CommandOptions(), null, access, "cp-1")));
        _commands.Tell(new SerialPortActor.LinkChanged(new LinkState(true, Time.GetUtcNow(), "/dev/ttyUSB0", 0, null, 0)));
    }

    private void Stat(int state, int max = 16, int auth = 0) => _commands.Tell(new SerialPortActor.FrameReceived(
        Assert.Single(Wire.Decode($"<STAT;CP=1;CPV=2885;PP=1;PPV=910;RL=0;LOCK=0;MOTOR=0;PWM=66;MAX={max};CABLE=32;AUTH={auth};STATE={state};PB=0;STOP=0;>")),
        Time.GetUtcNow()));

    private void Ack(string command, string status = "OK") =>
        _commands.Tell(new SerialPortActor.FrameReceived(Assert.Single(Wire.Decode($"<ACK;CMD={command};STATUS={status};>")), Time.GetUtcNow()));

    private void ExpectWrite(Esp32Command expected)
    {
        var send = _link.ExpectMsg<SerialPortActor.Send>(s => Equals(s.Command, expected), hint: expected.Name);
        _link.Reply(new SerialPortActor.Sent(send.Command, Time.GetUtcNow()));
    }

    private SiteBudgetActor.RequestGrant ExpectGrantRequest() => _budget.ExpectMsg<SiteBudgetActor.RequestGrant>();

    /// <summary>The first status tells the budget what the charger holds (nothing, here) so a stale grant is dropped.</summary>
    private void FirstStatus(int state)
    {
        Stat(state);
        Assert.Equal(new SiteBudgetActor.Holding("cp-1", null), _budget.ExpectMsg<SiteBudgetActor.Holding>());
    }

    [Fact]
    public void A_start_lowers_the_max_current_to_the_grant_in_EvConnected_and_authorizes_once_the_charger_is_back()
    {
        FirstStatus(3);
        _client.Send(_commands, new StartCharging("driver-7"));
        var request = ExpectGrantRequest();
        Assert.Equal(("cp-1", 32), (request.ChargerId, request.RequestedAmps)); // nothing set by command: the firmware's 32 A ceiling
        _budget.Reply(new SiteBudgetActor.Granted("cp-1", request.RequestId, 10));

        ExpectWrite(Esp32Command.SetMaxCurrent(10)); // before AUTH, while the charger waits in EvConnected
        Ack("SETMAXAMP");
        ExpectWrite(Esp32Command.ReadStatus);
        Stat(1, max: 10); // the firmware forced IDLE: no AUTH here (it would do nothing), and no release of the grant
        Stat(2, max: 10);
        _link.ExpectNoMsg(TimeSpan.Zero);
        Stat(3, max: 10);
        ExpectWrite(Esp32Command.Authorize);
        Ack("AUTH");
        Assert.Equal(new StartCharging("driver-7"), _client.ExpectMsg<CommandResult.Accepted>().Command);
        _budget.ExpectNoMsg(TimeSpan.Zero); // the grant is held

        Stat(5, max: 10, auth: 1);
        Stat(7, max: 10);
        Assert.Equal(new SiteBudgetActor.Holding("cp-1", null), _budget.ExpectMsg<SiteBudgetActor.Holding>()); // released when the charge ends
    }

    [Fact]
    public void A_grant_equal_to_the_max_current_is_authorized_at_once()
    {
        FirstStatus(3);
        _client.Send(_commands, new StartCharging());
        _budget.Reply(new SiteBudgetActor.Granted("cp-1", ExpectGrantRequest().RequestId, 16));
        ExpectWrite(Esp32Command.Authorize);
        Ack("AUTH");
        _client.ExpectMsg<CommandResult.Accepted>();
    }

    [Fact]
    public void A_refused_grant_sends_nothing_to_the_charger_and_says_why()
    {
        FirstStatus(3);
        _client.Send(_commands, new StartCharging());
        var view = new SiteBudgetActor.BudgetView(20, 16, false, [new SiteBudgetActor.ChargerGrant("cp-2", 16)]);
        _budget.Reply(new SiteBudgetActor.GrantRefused("cp-1", ExpectGrantRequest().RequestId, "4 A are left", view));
        var refused = _client.ExpectMsg<CommandResult.BudgetRefused>();
        Assert.Equal(("4 A are left", view), (refused.Reason, refused.Budget));
        _link.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void No_answer_from_the_budget_refuses_the_start_and_a_late_grant_is_handed_back()
    {
        FirstStatus(3);
        _client.Send(_commands, new StartCharging());
        var request = ExpectGrantRequest();
        Time.Advance(_options.GrantTimeout);
        var refused = _client.ExpectMsg<CommandResult.BudgetRefused>();
        Assert.Null(refused.Budget);
        Assert.Contains("did not answer", refused.Reason);
        Assert.Equal(new SiteBudgetActor.Holding("cp-1", null), _budget.ExpectMsg<SiteBudgetActor.Holding>());

        _budget.Send(_commands, new SiteBudgetActor.Granted("cp-1", request.RequestId, 16)); // the budget answers late
        Assert.Equal(new SiteBudgetActor.Holding("cp-1", null), _budget.ExpectMsg<SiteBudgetActor.Holding>());
        _link.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_start_the_firmware_refuses_after_the_grant_gives_the_grant_back()
    {
        FirstStatus(3);
        _client.Send(_commands, new StartCharging());
        _budget.Reply(new SiteBudgetActor.Granted("cp-1", ExpectGrantRequest().RequestId, 16));
        ExpectWrite(Esp32Command.Authorize);
        Ack("AUTH", "ERR");
        _client.ExpectMsg<CommandResult.Rejected>();
        Assert.Equal(new SiteBudgetActor.Holding("cp-1", null), _budget.ExpectMsg<SiteBudgetActor.Holding>());
    }

    [Fact]
    public void A_charger_that_does_not_come_back_to_EvConnected_is_not_authorized_and_its_grant_goes_back()
    {
        FirstStatus(3);
        _client.Send(_commands, new StartCharging());
        _budget.Reply(new SiteBudgetActor.Granted("cp-1", ExpectGrantRequest().RequestId, 10));
        ExpectWrite(Esp32Command.SetMaxCurrent(10));
        Ack("SETMAXAMP");
        ExpectWrite(Esp32Command.ReadStatus);
        Stat(1, max: 10); // the vehicle was unplugged meanwhile
        Time.Advance(_options.ReturnTimeout);
        Assert.Contains("did not come back to EvConnected", _client.ExpectMsg<CommandResult.Rejected>().Reason);
        _budget.FishForMessage<SiteBudgetActor.Holding>(h => h.Amps is null);
        var writes = _link.ReceiveWhile(TimeSpan.FromMilliseconds(100), m => (m as SerialPortActor.Send)?.Command);
        Assert.All(writes, w => Assert.Equal(Esp32Command.ReadStatus, w)); // status polls only, never AUTH
    }

    [Fact]
    public void A_charge_nobody_granted_is_reported_at_the_max_current_the_firmware_shows()
    {
        FirstStatus(3);
        Stat(5, max: 32); // an RFID card: the firmware authorizes on its own
        Assert.Equal(new SiteBudgetActor.Holding("cp-1", 32), _budget.ExpectMsg<SiteBudgetActor.Holding>());
        _budget.Send(_commands, SiteBudgetActor.QueryHolding.Instance); // a budget that moved asks
        Assert.Equal(new SiteBudgetActor.Holding("cp-1", 32), _budget.ExpectMsg<SiteBudgetActor.Holding>());
    }

    [Fact]
    public void While_a_grant_is_held_the_max_current_cannot_be_raised_past_it()
    {
        FirstStatus(3);
        _client.Send(_commands, new StartCharging());
        _budget.Reply(new SiteBudgetActor.Granted("cp-1", ExpectGrantRequest().RequestId, 16));
        ExpectWrite(Esp32Command.Authorize);
        Ack("AUTH");
        _client.ExpectMsg<CommandResult.Accepted>();
        Stat(3, auth: 1); // authorized, the vehicle has not drawn yet
        _client.Send(_commands, new SetMaxCurrent(20));
        Assert.Contains("granted this charger 16 A", _client.ExpectMsg<CommandResult.Rejected>().Reason);
        _link.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_max_current_set_by_command_is_what_the_next_start_asks_for()
    {
        FirstStatus(1);
        _client.Send(_commands, new SetMaxCurrent(13));
        ExpectWrite(Esp32Command.SetMaxCurrent(13));
        Ack("SETMAXAMP");
        _client.ExpectMsg<CommandResult.Accepted>();
        Stat(3, max: 13);
        _client.Send(_commands, new StartCharging());
        Assert.Equal(13, ExpectGrantRequest().RequestedAmps);
    }
}
