using Akka.Actor;

namespace Charger.Actors.Budget;

/// <summary>How a charger's command actor reaches the site budget: the <see cref="SiteBudgetActor"/> (or its cluster singleton proxy).</summary>
public sealed record SiteBudgetAccess(IActorRef Budget, SiteBudgetOptions Options);
