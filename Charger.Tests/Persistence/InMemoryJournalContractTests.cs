using Charger.Actors.Persistence;

namespace Charger.Tests.Persistence;

public sealed class InMemoryJournalContractTests : JournalContract
{
    protected override Task<IJournal> CreateJournalAsync() => Task.FromResult<IJournal>(new InMemoryJournal());
}

/// <summary>The same contract with every call completing on another thread.</summary>
public sealed class AsynchronousInMemoryJournalContractTests : JournalContract
{
    protected override Task<IJournal> CreateJournalAsync() => Task.FromResult<IJournal>(new InMemoryJournal(asynchronous: true));
}
