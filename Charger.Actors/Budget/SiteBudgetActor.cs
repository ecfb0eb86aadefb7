using Akka.Actor;
using Akka.Event;

namespace Charger.Actors.Budget;

/// <summary>
/// Owns the site's current budget: one per site (a cluster singleton in a site cluster, a plain actor on a single host).
/// Chargers ask it for a grant before a start (<see cref="RequestGrant"/>); it answers one request at a time, so two
/// starts at once can never both take the last amps. A charger tells it what it holds whenever that changes
/// (<see cref="Holding"/>: a grant released when the charge ends, a charge it did not grant). A new instance (the
/// singleton moved because its node left or died, or the daemon started) knows nothing: it asks every charger of the
/// site what it holds (<see cref="QueryHolding"/>, through the gateway that reaches any charger) and refuses grants
/// until all have answered or <see cref="SiteBudgetOptions.RelearnTimeout"/> has passed.
/// </summary>
public sealed class SiteBudgetActor : ReceiveActor, IWithTimers
{
    public const string Name = "site-budget";

    /// <summary>Asks for a grant of at most <paramref name="RequestedAmps"/>; answered with <see cref="Granted"/> or <see cref="GrantRefused"/>.</summary>
    public sealed record RequestGrant(string ChargerId, int RequestedAmps, long RequestId);

    public sealed record Granted(string ChargerId, long RequestId, int Amps);

    /// <param name="Budget">The budget as it was when refused; null when the budget is re-learning and grants nothing yet.</param>
    public sealed record GrantRefused(string ChargerId, long RequestId, string Reason, BudgetView? Budget);

    /// <summary>What a charger holds now: amps it may draw (granted, or charging without a grant), or null for nothing.</summary>
    public sealed record Holding(string ChargerId, int? Amps);

    /// <summary>Sent to each charger by a new budget actor; a charger that knows its state answers with <see cref="Holding"/>.</summary>
    public sealed record QueryHolding
    {
        public static readonly QueryHolding Instance = new();
    }

    /// <summary>Answered with <see cref="BudgetView"/>.</summary>
    public sealed record GetBudget
    {
        public static readonly GetBudget Instance = new();
    }

    /// <remarks>An array, not an interface: it crosses nodes through Akka's JSON serializer, which must construct it.</remarks>
    public sealed record BudgetView(int BudgetAmps, int InUseAmps, bool Relearning, SiteBudgetActor.ChargerGrant[] Grants)
    {
        public int AvailableAmps => Math.Max(0, BudgetAmps - InUseAmps);
    }

    public sealed record ChargerGrant(string ChargerId, int Amps);

    private sealed record RelearnOver
    {
        public static readonly RelearnOver Instance = new();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SiteBudgetOptions _options;
    private readonly string _chargersPath;
    private readonly Func<string, object, object> _envelope;
    private readonly Func<IReadOnlyCollection<string>> _chargers;
    private readonly SiteBudgetLedger _ledger;
    private readonly HashSet<string> _unanswered = new(StringComparer.OrdinalIgnoreCase);
    private bool _relearning;

    /// <param name="chargersPath">The actor that reaches any charger of the site by id (the gateway), as a path on this node.</param>
    /// <param name="envelope">Wraps a message for charger <c>id</c> as <paramref name="chargersPath"/> expects it.</param>
    /// <param name="chargers">The ids of every charger of the site, as this node knows them now.</param>
    public SiteBudgetActor(SiteBudgetOptions options, string chargersPath, Func<string, object, object> envelope, Func<IReadOnlyCollection<string>> chargers)
    {
        _options = options;
        _chargersPath = chargersPath;
        _envelope = envelope;
        _chargers = chargers;
        _ledger = new SiteBudgetLedger(options.MaxCurrentAmps);

        Receive<RequestGrant>(OnRequest);
        Receive<Holding>(OnHolding);
        Receive<GetBudget>(_ => Sender.Tell(View()));
        Receive<RelearnOver>(_ => EndRelearning(timedOut: true));
        ReceiveAny(_ => { }); // the gateway's "unknown charger" / "node unreachable" answers to a query: that charger stays unanswered
    }

    protected override void PreStart()
    {
        foreach (var id in _chargers()) _unanswered.Add(id);
        if (_unanswered.Count == 0) return;
        _relearning = true;
        var chargers = Context.ActorSelection(_chargersPath);
        foreach (var id in _unanswered) chargers.Tell(_envelope(id, QueryHolding.Instance), Self);
        Timers.StartSingleTimer(nameof(RelearnOver), RelearnOver.Instance, _options.RelearnTimeout);
        _log.Info("Site budget of {0} A: asking {1} chargers what they hold before granting", _options.MaxCurrentAmps, _unanswered.Count);
    }

    private void OnRequest(RequestGrant request)
    {
        if (_relearning)
        {
            Sender.Tell(new GrantRefused(request.ChargerId, request.RequestId,
                $"the site budget is re-learning what the chargers hold (waiting for {string.Join(", ", _unanswered.Order(StringComparer.OrdinalIgnoreCase))}); try again in a few seconds",
                null));
            return;
        }
        if (_ledger.TryGrant(request.ChargerId, request.RequestedAmps) is { } amps)
        {
            _log.Info("Site budget: {0} A granted to {1} (asked {2} A); {3} of {4} A in use", amps, request.ChargerId, request.RequestedAmps,
                _ledger.InUseAmps, _options.MaxCurrentAmps);
            Sender.Tell(new Granted(request.ChargerId, request.RequestId, amps));
            return;
        }
        var view = View();
        var inUse = string.Join(", ", view.Grants.Select(g => $"{g.ChargerId} {g.Amps} A"));
        Sender.Tell(new GrantRefused(request.ChargerId, request.RequestId,
            $"the site's current budget (site.max-current-a) is {view.BudgetAmps} A and {_ledger.InUseAmps} A of it are in use ({inUse}): " +
            $"{Math.Max(0, _ledger.AvailableFor(request.ChargerId))} A are left, a charge needs at least {SiteBudgetOptions.MinGrantAmps} A", view));
    }

    private void OnHolding(Holding holding)
    {
        var before = _ledger.Grants.TryGetValue(holding.ChargerId, out var b) ? b : (int?)null;
        _ledger.Set(holding.ChargerId, holding.Amps);
        if (before != holding.Amps)
            _log.Info("Site budget: {0} holds {1}; {2} of {3} A in use", holding.ChargerId, holding.Amps is { } a ? $"{a} A" : "nothing",
                _ledger.InUseAmps, _options.MaxCurrentAmps);
        if (_ledger.InUseAmps > _options.MaxCurrentAmps)
            _log.Warning("Site budget exceeded: {0} A in use of {1} A (a charge started without a grant, e.g. by RFID card); no grant until it is back under",
                _ledger.InUseAmps, _options.MaxCurrentAmps);
        if (_relearning && _unanswered.Remove(holding.ChargerId) && _unanswered.Count == 0) EndRelearning(timedOut: false);
    }

    private void EndRelearning(bool timedOut)
    {
        if (!_relearning) return;
        _relearning = false;
        Timers.Cancel(nameof(RelearnOver));
        if (timedOut)
            _log.Warning("Site budget: {0} did not say what they hold within {1} s; granting again, counting them once they report",
                string.Join(", ", _unanswered), _options.RelearnTimeout.TotalSeconds);
        else
            _log.Info("Site budget: re-learned, {0} of {1} A in use", _ledger.InUseAmps, _options.MaxCurrentAmps);
        _unanswered.Clear();
    }

    private BudgetView View() => new(_options.MaxCurrentAmps, _ledger.InUseAmps, _relearning,
        [.. _ledger.Grants.OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).Select(g => new ChargerGrant(g.Key, g.Value))]);

    public static Props Props(SiteBudgetOptions options, string chargersPath, Func<string, object, object> envelope, Func<IReadOnlyCollection<string>> chargers)
    {
        options.Validate();
        return Akka.Actor.Props.Create(() => new SiteBudgetActor(options, chargersPath, envelope, chargers));
    }
}
