using Akka.Actor;
using Charger.Actors.Alerts;
using Charger.Tests.TestKit;

namespace Charger.Tests.Alerts;

/// <summary>
/// Every rule with its default hold and hysteresis, on the virtual clock, through the real <see cref="AlertsActor"/>
/// and rule families: a flicker shorter than the hold never fires, the alert fires exactly at the hold, a condition
/// that comes back during the hysteresis keeps the one alert, and it resolves exactly when the condition has been
/// gone for the hysteresis. Each rule gives exactly one fired and one resolved delivery.
/// </summary>
public sealed class AlertRuleTests : ActorTestBase
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly AlertWorld _world;
    private readonly AlertBook _book = new();
    private readonly AlertsOptions _options = new() { EvaluateEvery = Tick };
    private IActorRef _alerts = ActorRefs.Nobody;

    public AlertRuleTests() => _world = new AlertWorld(Time, CreateProbe("supervisor").Ref);

    public static TheoryData<string> Rules => [.. AlertRule.All];

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_rule_fires_after_exactly_its_hold_and_resolves_after_exactly_its_hysteresis(string rule)
    {
        var delivered = CreateProbe("delivered");
        Start(delivered.Ref);
        var options = _options.Rule(rule);
        Step(2);

        if (options.Hold >= 2 * Tick)
        {
            _world.Activate(rule);
            Step(Ticks(options.Hold) - 1);
            _world.Clear(rule);
            Step(1);
            Assert.DoesNotContain(_book.Active, a => a.Rule == rule);
        }
        Step(Ticks(options.ResolveAfter) + 1); // a quiet start for the next part

        _world.Activate(rule);
        Step(1);
        var activeFrom = Time.GetUtcNow();
        if (options.Hold > TimeSpan.Zero)
        {
            Step(Ticks(options.Hold) - 1);
            Assert.DoesNotContain(_book.Active, a => a.Rule == rule);
            Step(1);
        }
        var fired = Assert.Single(_book.Active, a => a.Rule == rule);
        Assert.Equal(activeFrom + options.Hold, fired.FiredAt);
        Assert.Equal(options.Severity, fired.Severity);

        if (options.ResolveAfter >= 2 * Tick)
        {
            // Gone, and back within the hysteresis: still the same alert.
            _world.Clear(rule);
            Step(1);
            _world.Activate(rule);
            Step(1);
            Assert.Equal(fired, Assert.Single(_book.Active, a => a.Rule == rule));
        }
        _world.Clear(rule);
        Step(1);
        var clearFrom = Time.GetUtcNow();
        if (options.ResolveAfter > TimeSpan.Zero)
        {
            Step(Ticks(options.ResolveAfter) - 1);
            Assert.Single(_book.Active, a => a.Rule == rule);
            Step(1);
        }
        Assert.DoesNotContain(_book.Active, a => a.Rule == rule);
        var resolved = Assert.Single(_book.History, a => a.Rule == rule);
        Assert.Equal(clearFrom + options.ResolveAfter, resolved.ResolvedAt);
        Assert.Equal(fired.FiredAt, resolved.FiredAt);

        var deliveries = delivered.ReceiveWhile(TimeSpan.FromMilliseconds(300), m => (Alert)m).Where(a => a.Rule == rule).ToList();
        Assert.Equal(2, deliveries.Count);
        Assert.True(deliveries[0].IsActive);
        Assert.Equal(resolved, deliveries[1]);
    }

    [Fact]
    public void The_defaults_are_the_issues_thresholds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), _options.Rule(AlertRule.LinkDown).Hold);
        Assert.Equal(TimeSpan.FromSeconds(15), _options.Rule(AlertRule.StatusStale).Hold);
        Assert.Equal(10, _options.DiskMinFreePercent);
        Assert.Equal(500L * 1024 * 1024, _options.DiskMinFreeBytes);
        Assert.Equal(80, _options.CpuMaxCelsius);
        Assert.Equal(new AlertRuleOptions(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), AlertSeverity.Warning), _options.Rule(AlertRule.OcppDown));
    }

    [Fact]
    public void A_charger_without_ocpp_never_fires_ocpp_down_and_is_not_listed_as_unavailable()
    {
        _world.AddChargerWithoutOcpp("cp-2");
        Start(CreateProbe().Ref);
        _world.Activate(AlertRule.OcppDown);
        Step(Ticks(_options.Rule(AlertRule.OcppDown).Hold) + 10);
        var fired = Assert.Single(_book.Active, a => a.Rule == AlertRule.OcppDown);
        Assert.Equal(AlertWorld.ChargerId, fired.Scope);
        Assert.Equal("OCPP connection to ws://127.0.0.1:9/ocpp is disconnected: connection refused", fired.Message);
        Assert.DoesNotContain(_book.Unavailable, u => u.Rule == AlertRule.OcppDown);
    }

    [Fact]
    public void Without_ocpp_on_any_charger_ocpp_down_says_unavailable_until_a_charger_has_it()
    {
        var world = new AlertWorld(Time, CreateProbe("supervisor-2").Ref, ocpp: false);
        StartAlerts(AlertsActor.Props(world.Families(_options), _options, _book, _ => { }));
        Step(Ticks(_options.Rule(AlertRule.OcppDown).Hold) + 10);
        Assert.DoesNotContain(_book.Active, a => a.Rule == AlertRule.OcppDown);
        var (rule, scope, why) = Assert.Single(_book.Unavailable);
        Assert.Equal((AlertRule.OcppDown, AlertRule.Station, "no charger has OCPP (ocpp.url is not set)"), (rule, scope, why));

        world.AddOcpp();
        Step(1);
        Assert.Empty(_book.Unavailable);
    }

    [Fact]
    public void Ocpp_connected_but_not_accepted_by_the_central_system_is_down()
    {
        Start(CreateProbe().Ref);
        _world.Ocpp!.Booted(new Charger.Actors.Ocpp.ChargePoint.OcppMonitor.BootResult("Pending", 60, Time.GetUtcNow()));
        Step(Ticks(_options.Rule(AlertRule.OcppDown).Hold) + 1);
        var fired = Assert.Single(_book.Active, a => a.Rule == AlertRule.OcppDown);
        Assert.StartsWith("connected to ws://127.0.0.1:9/ocpp but the central system answered BootNotification with Pending", fired.Message);
    }

    [Fact]
    public void Status_stale_needs_the_link_up_and_a_down_link_is_only_link_down()
    {
        var delivered = CreateProbe("delivered");
        Start(delivered.Ref);
        _world.Activate(AlertRule.LinkDown);
        Step(60);
        Assert.Equal([AlertRule.LinkDown], _book.Active.Select(a => a.Rule));
        Assert.Contains("port vanished", _book.Active[0].Message);
    }

    [Fact]
    public void A_rule_that_cannot_observe_here_says_why_and_never_fires()
    {
        _world.Readings.Celsius = null;
        Start(CreateProbe().Ref);
        Step(120);
        Assert.DoesNotContain(_book.Active, a => a.Rule == AlertRule.CpuHot);
        var (rule, scope, why) = Assert.Single(_book.Unavailable);
        Assert.Equal((AlertRule.CpuHot, AlertRule.Station, "no thermal zone on this host"), (rule, scope, why));
    }

    [Fact]
    public void An_alert_active_before_a_restart_does_not_fire_again_and_resolves_after_it()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("charger-alerts-").FullName, "alerts.json");
        try
        {
            var book = new AlertBook(path);
            book.Apply(new Alert(AlertRule.DiskLow, AlertRule.Station, null, AlertSeverity.Warning, "low", Time.GetUtcNow() - TimeSpan.FromHours(1)));
            var delivered = CreateProbe("delivered");
            _world.Activate(AlertRule.DiskLow);
            StartAlerts(AlertsActor.Props(_world.Families(_options), _options, new AlertBook(path), a => delivered.Ref.Tell(a)));
            Step(120);
            delivered.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
            _world.Clear(AlertRule.DiskLow);
            Step(Ticks(_options.Rule(AlertRule.DiskLow).ResolveAfter) + 1);
            var resolved = delivered.ExpectMsg<Alert>();
            Assert.Equal((AlertRule.DiskLow, false), (resolved.Rule, resolved.IsActive));
            Assert.Equal(book.Active[0].FiredAt, resolved.FiredAt);
            // and the file says so for the next start
            Assert.Empty(new AlertBook(path).Active);
            Assert.Single(new AlertBook(path).History);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private void Start(IActorRef delivered) =>
        StartAlerts(AlertsActor.Props(_world.Families(_options), _options, _book, a => delivered.Tell(a)));

    /// <summary>
    /// Starts the alerts actor and returns once every family has run its first evaluation and armed its timer at
    /// the current virtual time. Without this wait a family could start after the first <see cref="Step"/> moved the
    /// clock, and its conditions would count from a tick later than the test assumes (CI saw ocpp-down not fire).
    /// </summary>
    private void StartAlerts(Props props)
    {
        _alerts = Sys.ActorOf(props, "alerts");
        // Its answer means PreStart ran, so every family child exists; their answers mean their PreStart ran too.
        _alerts.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5)).Wait();
        foreach (var family in FamilyNames)
            Assert.NotNull(Sys.ActorSelection(_alerts.Path / family).Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5)).Result.Subject);
    }

    private static readonly string[] FamilyNames = ["chargers", "subscribers", "storage", "host"];

    private static int Ticks(TimeSpan span) => (int)(span / Tick);

    /// <summary>Moves the clock one evaluation at a time, and waits each time until every family and the alerts actor have handled it.</summary>
    private void Step(int ticks)
    {
        for (var i = 0; i < ticks; i++)
        {
            Time.Advance(Tick);
            _world.Refresh();
            // Messages are handled in order: a reply to Identify means everything sent before it was handled.
            foreach (var family in FamilyNames)
                Sys.ActorSelection(_alerts.Path / family).Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5)).Wait();
            _alerts.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5)).Wait();
        }
    }
}
