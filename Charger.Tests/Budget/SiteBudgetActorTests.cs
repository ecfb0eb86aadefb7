using Akka.Actor;
using Akka.TestKit;
using Charger.Actors.Budget;
using Charger.Tests.TestKit;

namespace Charger.Tests.Budget;

/// <summary>
/// The site budget's bookkeeping: grants never sum past the budget, one request at a time; a charger's report sets
/// what it holds; a new budget actor asks every charger first and grants nothing until they answered or its time is up.
/// </summary>
public sealed class SiteBudgetActorTests : ActorTestBase
{
    /// <summary>How the test's "gateway" receives a message for a charger.</summary>
    private sealed record ForCharger(string ChargerId, object Message);

    private readonly TestProbe _gateway;

    public SiteBudgetActorTests() => _gateway = CreateProbe("gateway");

    private IActorRef Budget(int amps, params string[] chargers) => Sys.ActorOf(SiteBudgetActor.Props(
        new SiteBudgetOptions { MaxCurrentAmps = amps }, _gateway.Ref.Path.ToString(), (id, m) => new ForCharger(id, m), () => chargers));

    private static SiteBudgetActor.RequestGrant Ask(string charger, int amps, long id = 1) => new(charger, amps, id);

    [Fact]
    public void A_grant_is_the_smaller_of_the_request_and_what_the_others_leave()
    {
        var budget = Budget(32);
        var a = CreateProbe("cp-a");
        var b = CreateProbe("cp-b");
        a.Send(budget, Ask("cp-a", 20));
        Assert.Equal(20, a.ExpectMsg<SiteBudgetActor.Granted>().Amps);
        b.Send(budget, Ask("cp-b", 32, 7));
        var granted = b.ExpectMsg<SiteBudgetActor.Granted>();
        Assert.Equal((12, 7L), (granted.Amps, granted.RequestId));

        budget.Tell(SiteBudgetActor.GetBudget.Instance, TestActor);
        var view = ExpectMsg<SiteBudgetActor.BudgetView>();
        Assert.Equal((32, 32, 0, false), (view.BudgetAmps, view.InUseAmps, view.AvailableAmps, view.Relearning));
        Assert.Equal([new SiteBudgetActor.ChargerGrant("cp-a", 20), new SiteBudgetActor.ChargerGrant("cp-b", 12)], view.Grants);
    }

    [Fact]
    public void Less_than_6_A_left_refuses_the_start_naming_the_budget_and_what_is_in_use_until_a_charge_ends()
    {
        var budget = Budget(20);
        budget.Tell(Ask("cp-a", 16), TestActor);
        ExpectMsg<SiteBudgetActor.Granted>();

        budget.Tell(Ask("cp-b", 16, 2), TestActor);
        var refused = ExpectMsg<SiteBudgetActor.GrantRefused>();
        Assert.Equal(2, refused.RequestId);
        Assert.Contains("20 A", refused.Reason);
        Assert.Contains("cp-a 16 A", refused.Reason);
        Assert.Contains("4 A are left", refused.Reason);
        Assert.Equal((20, 16), (refused.Budget!.BudgetAmps, refused.Budget.InUseAmps));

        budget.Tell(new SiteBudgetActor.Holding("cp-a", null)); // cp-a's charge ended
        budget.Tell(Ask("cp-b", 16, 3), TestActor);
        Assert.Equal(16, ExpectMsg<SiteBudgetActor.Granted>().Amps);
    }

    [Fact]
    public void A_charger_asking_again_gets_its_own_grant_back_into_the_reckoning()
    {
        var budget = Budget(16);
        budget.Tell(Ask("cp-a", 16), TestActor);
        ExpectMsg<SiteBudgetActor.Granted>();
        budget.Tell(Ask("cp-a", 10, 2), TestActor); // a start that failed and is tried again: not 16 + 10
        Assert.Equal(10, ExpectMsg<SiteBudgetActor.Granted>().Amps);
    }

    [Fact]
    public void Many_starts_at_once_never_get_more_than_the_budget()
    {
        var budget = Budget(40);
        var probes = Enumerable.Range(1, 12).Select(i => CreateProbe($"cp-{i}")).ToList();
        for (var i = 0; i < probes.Count; i++) probes[i].Send(budget, Ask($"cp-{i + 1}", 16, i));
        var granted = 0;
        var refusals = 0;
        foreach (var probe in probes)
        {
            switch (probe.ExpectMsg<object>())
            {
                case SiteBudgetActor.Granted g:
                    granted += g.Amps;
                    break;
                case SiteBudgetActor.GrantRefused:
                    refusals++;
                    break;
            }
        }
        Assert.Equal(40, granted); // 16 + 16 + 8, then nothing
        Assert.Equal(9, refusals);
    }

    [Fact]
    public void A_charge_nobody_granted_is_counted_as_reported_and_blocks_new_grants_while_over()
    {
        var budget = Budget(20);
        budget.Tell(Ask("cp-a", 16), TestActor);
        ExpectMsg<SiteBudgetActor.Granted>();
        budget.Tell(new SiteBudgetActor.Holding("cp-b", 32)); // an RFID card started cp-b at its own 32 A
        budget.Tell(Ask("cp-c", 6), TestActor);
        Assert.Contains("48 A of it are in use", ExpectMsg<SiteBudgetActor.GrantRefused>().Reason);
    }

    [Fact]
    public void A_new_budget_asks_every_charger_and_grants_only_once_all_have_answered()
    {
        var budget = Budget(32, "cp-a", "cp-b");
        var queries = new[] { _gateway.ExpectMsg<ForCharger>(), _gateway.ExpectMsg<ForCharger>() };
        Assert.Equal(["cp-a", "cp-b"], queries.Select(q => q.ChargerId).Order());
        Assert.All(queries, q => Assert.IsType<SiteBudgetActor.QueryHolding>(q.Message));

        budget.Tell(Ask("cp-c", 16), TestActor);
        var refused = ExpectMsg<SiteBudgetActor.GrantRefused>();
        Assert.Null(refused.Budget);
        Assert.Contains("re-learning", refused.Reason);

        budget.Tell(new SiteBudgetActor.Holding("cp-a", 20)); // charging since before the budget moved
        budget.Tell(new SiteBudgetActor.Holding("cp-b", null));
        budget.Tell(Ask("cp-c", 16, 2), TestActor);
        Assert.Equal(12, ExpectMsg<SiteBudgetActor.Granted>().Amps);
    }

    [Fact]
    public void A_charger_that_does_not_answer_holds_up_grants_only_until_the_relearn_time_is_over()
    {
        var budget = Budget(32, "cp-a", "cp-b");
        _gateway.ExpectMsg<ForCharger>();
        _gateway.ExpectMsg<ForCharger>();
        budget.Tell(new SiteBudgetActor.Holding("cp-a", 16));
        budget.Tell(Ask("cp-c", 16), TestActor);
        Assert.Contains("cp-b", ExpectMsg<SiteBudgetActor.GrantRefused>().Reason);

        Time.Advance(new SiteBudgetOptions { MaxCurrentAmps = 32 }.RelearnTimeout);
        AwaitAssert(() =>
        {
            budget.Tell(SiteBudgetActor.GetBudget.Instance, TestActor);
            Assert.False(ExpectMsg<SiteBudgetActor.BudgetView>().Relearning);
        });
        budget.Tell(Ask("cp-c", 32, 2), TestActor);
        Assert.Equal(16, ExpectMsg<SiteBudgetActor.Granted>().Amps);
        budget.Tell(new SiteBudgetActor.Holding("cp-b", 10)); // it answers late: counted from now on
        budget.Tell(SiteBudgetActor.GetBudget.Instance, TestActor);
        Assert.Equal(42, ExpectMsg<SiteBudgetActor.BudgetView>().InUseAmps);
    }
}
