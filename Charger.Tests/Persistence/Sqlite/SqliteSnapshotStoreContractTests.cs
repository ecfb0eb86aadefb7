using Charger.Actors.Persistence;
using Charger.Actors.Persistence.Sqlite;

namespace Charger.Tests.Persistence.Sqlite;

/// <summary>The snapshot store contract against <see cref="SqliteSnapshotStore"/> on a fresh <c>charger.db</c> per test.</summary>
public sealed class SqliteSnapshotStoreContractTests : SnapshotStoreContract
{
    private readonly TempDataDirectory _dir = new();
    private SqliteDatabase? _db;

    protected override async Task<ISnapshotStore> CreateSnapshotStoreAsync()
    {
        _db = await SqliteDatabase.OpenAsync(_dir.Path);
        return new SqliteSnapshotStore(_db);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_db is not null)
            await _db.DisposeAsync();
        _dir.Dispose();
    }
}
