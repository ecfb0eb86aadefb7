using Charger.Actors.Persistence;
using Charger.Actors.Persistence.Postgres;
using Charger.Tests.TestKit;

namespace Charger.Tests.Persistence.Postgres;

/// <summary>The journal contract against <see cref="PostgresJournal"/> on a fresh database of the temporary server per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalContractTests(PostgresServerFixture server) : JournalContract
{
    private PostgresDatabase? _db;

    protected override async Task<IJournal> CreateJournalAsync()
    {
        _db = await PostgresDatabase.OpenAsync(await server.CreateDatabaseAsync());
        return new PostgresJournal(_db);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_db is not null)
            await _db.DisposeAsync();
    }
}
