using Charger.Actors.Persistence;

namespace Charger.Tests.Persistence;

public sealed class InMemorySnapshotStoreContractTests : SnapshotStoreContract
{
    protected override Task<ISnapshotStore> CreateSnapshotStoreAsync() => Task.FromResult<ISnapshotStore>(new InMemorySnapshotStore());
}

/// <summary>The same contract with every call completing on another thread.</summary>
public sealed class AsynchronousInMemorySnapshotStoreContractTests : SnapshotStoreContract
{
    protected override Task<ISnapshotStore> CreateSnapshotStoreAsync() => Task.FromResult<ISnapshotStore>(new InMemorySnapshotStore(asynchronous: true));
}
