using Charger.Actors.Persistence;
using Charger.Actors.Persistence.Postgres;
using Charger.Tests.TestKit;

namespace Charger.Tests.Persistence.Postgres;

/// <summary>The snapshot store contract against <see cref="PostgresSnapshotStore"/> on a fresh database of the temporary server per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSnapshotStoreContractTests(PostgresServerFixture server) : SnapshotStoreContract
{
    private PostgresDatabase? _db;

    protected override async Task<ISnapshotStore> CreateSnapshotStoreAsync()
    {
        _db = await PostgresDatabase.OpenAsync(await server.CreateDatabaseAsync());
        return new PostgresSnapshotStore(_db);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_db is not null)
            await _db.DisposeAsync();
    }
}
