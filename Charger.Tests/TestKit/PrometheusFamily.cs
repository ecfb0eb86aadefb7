namespace Charger.Tests.TestKit;

/// <summary>A metric family as declared by <c># TYPE</c> (and <c># HELP</c>, unescaped, if given).</summary>
public sealed record PrometheusFamily(string Name, string Type, string? Help);
