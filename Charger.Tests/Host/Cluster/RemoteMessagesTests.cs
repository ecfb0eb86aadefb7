using Akka.Actor;
using Charger.Actors.Budget;
using Charger.Actors.Charging;
using Charger.Actors.Protocol;
using Charger.Actors.Serial;
using Charger.Actors.Station;
using Charger.Host.Cluster;
using Charger.Host.Gateway;
using Charger.Tests.TestKit;

namespace Charger.Tests.Host.Cluster;

/// <summary>
/// What crosses between the nodes of a site: our messages survive Akka's serializer as remoting uses it (with the
/// cluster's converter), and a request that reaches its owner after its deadline is dropped, never run late.
/// </summary>
public sealed class RemoteMessagesTests() : ActorTestBase(extraConfig: SiteClusterComposition.SerializationHocon)
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static readonly ChargerStatus Status = new()
    {
        StateCode = 5,
        Pilot = (Charger.Actors.Charging.PilotState)2,
        CablePresent = true,
        RelayFlag = true,
        MaxCurrentAmps = 16,
        Authorized = true,
        ReceivedAt = At,
        Extra = FrameFields.Of(new Esp32Field("FW", "2.1"), new Esp32Field("CPV", "3920.5")),
    };

    private T RoundTrip<T>(T message) where T : notnull => Assert.IsType<T>(RoundTripObject(message));

    private object RoundTripObject(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, message.GetType());
        Assert.IsType(message.GetType(), back);
        return back;
    }

    [Fact]
    public void A_status_with_extra_fields_crosses_unchanged()
    {
        var current = new StateTrackerActor.CurrentStatus(Status, StatusFreshness.Fresh, new LinkState(true, At, "/dev/ttyUSB0", 0, null, 2)) { EventSequence = 41 };
        var back = RoundTrip(current);
        Assert.Equal(current, back);
        Assert.Equal(41, back.EventSequence);
        Assert.Equal(["FW=2.1", "CPV=3920.5"], back.Status!.Extra.Select(f => f.ToString()));
    }

    [Fact]
    public void Commands_and_their_results_cross_unchanged()
    {
        object[] messages =
        [
            new HttpGatewayActor.FromSite("cp-3", new StartCharging("driver-7"), At),
            new HttpGatewayActor.FromSite("cp-3", new SetMaxCurrent(16), At),
            new CommandResult.Accepted(new StartCharging("driver-7")),
            new CommandResult.Confirmed(new StopCharging(), Status),
            new CommandResult.Rejected(new SetMaxCurrent(20), "charging", 5),
            new CommandResult.TimedOut(new StopCharging(), "no ACK"),
            new HttpGatewayActor.UnknownCharger("cp-9"),
        ];
        foreach (var message in messages)
            Assert.Equal(message, RoundTripObject(message));
    }

    [Fact]
    public void The_site_budget_s_messages_cross_unchanged()
    {
        object[] messages =
        [
            new SiteBudgetActor.RequestGrant("cp-3", 32, 4),
            new SiteBudgetActor.Granted("cp-3", 4, 12),
            new SiteBudgetActor.GrantRefused("cp-3", 5, "re-learning", null),
            new SiteBudgetActor.Holding("cp-3", 16),
            new SiteBudgetActor.Holding("cp-3", null),
            SiteBudgetActor.QueryHolding.Instance,
            new HttpGatewayActor.FromSite("cp-3", SiteBudgetActor.QueryHolding.Instance, At),
        ];
        foreach (var message in messages)
            Assert.Equal(message, RoundTripObject(message));
        var view = new SiteBudgetActor.BudgetView(40, 28, false, [new SiteBudgetActor.ChargerGrant("cp-1", 16), new SiteBudgetActor.ChargerGrant("cp-3", 12)]);
        var refused = RoundTrip(new CommandResult.BudgetRefused(new StartCharging("driver-7"), "4 A are left", view));
        Assert.Equal((40, 28, false), (refused.Budget!.BudgetAmps, refused.Budget.InUseAmps, refused.Budget.Relearning));
        Assert.Equal(view.Grants, refused.Budget.Grants);
        Assert.Equal(new StartCharging("driver-7"), refused.Command);
    }

    [Fact]
    public void A_site_event_crosses_with_its_status_and_link()
    {
        var evt = new ChargerEvent("cp-3", 12, ChargerEventType.ChargeStarted, At, 4, 5, Status, null, new LinkState(true, At, "/dev/ttyUSB0", 0, null, 0));
        Assert.Equal(new SiteEvent("akka.tcp://charger-site@10.0.0.3:4053", evt), RoundTrip(new SiteEvent("akka.tcp://charger-site@10.0.0.3:4053", evt)));
    }

    [Fact]
    public void A_replay_request_and_the_owner_s_answer_cross_unchanged_without_the_user()
    {
        var hub = new Charger.Actors.Subscribers.ChargerEventHub();
        var authorized = new ChargerEvent("cp-3", 11, ChargerEventType.ChargeAuthorized, At, UserId: "driver-7");
        var started = new ChargerEvent("cp-3", 12, ChargerEventType.ChargeStarted, At, 4, 5, Status, null, new LinkState(true, At, "/dev/ttyUSB0", 0, null, 0));
        hub.Publish(authorized);
        hub.Publish(started);
        var owner = Sys.ActorOf(EventReplayActor.Props(hub));

        var request = RoundTrip(new EventReplayActor.Request("cp-3", 10));
        Assert.Equal(new EventReplayActor.Request("cp-3", 10), request);
        Assert.Equal(new EventReplayActor.Request("cp-3", null), RoundTrip(new EventReplayActor.Request("cp-3", null)));
        owner.Tell(request, TestActor);
        var answer = RoundTrip(ExpectMsg<Charger.Actors.Subscribers.ChargerReplay>());
        Assert.Equal(("cp-3", false, 12L), (answer.ChargerId, answer.Gap, answer.Last));
        Assert.Equal([authorized with { UserId = null }, started], answer.Events);
    }

    [Fact]
    public void A_request_from_another_node_is_run_before_its_deadline_and_dropped_after_it()
    {
        var supervisor = CreateProbe("cp-3");
        var registry = new ChargerRegistry();
        registry.Register(new ChargerHandle("cp-3", supervisor.Ref, null!, null!, null!, null!, null!, null!));
        var gateway = Sys.ActorOf(Props.Create(() => new HttpGatewayActor(registry, null)));
        var asker = CreateProbe("asker");
        var now = Time.GetUtcNow();

        // Held back by remoting past its deadline: its asker answered 503 long ago, so it must not run now.
        gateway.Tell(new HttpGatewayActor.FromSite("cp-3", new StopCharging(), now - TimeSpan.FromMilliseconds(1)), asker.Ref);
        gateway.Tell(new HttpGatewayActor.FromSite("cp-3", new SetMaxCurrent(16), now + SiteCluster.DeliveryBudget), asker.Ref);

        // In order from one sender: the first message the charger gets is the one in time; the late stop never came.
        Assert.Equal(new SetMaxCurrent(16), supervisor.ExpectMsg<SetMaxCurrent>());
        Assert.Equal(asker.Ref, supervisor.LastSender);
        gateway.Tell(new HttpGatewayActor.FromSite("cp-9", new StopCharging(), now + SiteCluster.DeliveryBudget), asker.Ref);
        asker.ExpectMsg(new HttpGatewayActor.UnknownCharger("cp-9"));
        supervisor.ExpectNoMsg(TimeSpan.Zero);
    }
}
