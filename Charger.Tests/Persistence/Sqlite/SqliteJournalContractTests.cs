using Charger.Actors.Persistence;
using Charger.Actors.Persistence.Sqlite;

namespace Charger.Tests.Persistence.Sqlite;

/// <summary>The journal contract against <see cref="SqliteJournal"/> on a fresh <c>charger.db</c> per test.</summary>
public sealed class SqliteJournalContractTests : JournalContract
{
    private readonly TempDataDirectory _dir = new();
    private SqliteDatabase? _db;

    protected override async Task<IJournal> CreateJournalAsync()
    {
        _db = await SqliteDatabase.OpenAsync(_dir.Path);
        return new SqliteJournal(_db);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_db is not null)
            await _db.DisposeAsync();
        _dir.Dispose();
    }
}
