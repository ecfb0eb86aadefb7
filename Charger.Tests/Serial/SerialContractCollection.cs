namespace Charger.Tests.Serial;

/// <summary>
/// The serial contract classes run alone (after the parallel tests): the CPU check reads the whole
/// process' CPU time, which other tests running at the same time would inflate.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialContractCollection
{
    public const string Name = "serial contract";
}
