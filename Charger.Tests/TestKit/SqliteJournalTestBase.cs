using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Sqlite;

namespace Charger.Tests.TestKit;

/// <summary>
/// An actor test whose system journals to Akka.Persistence.Sql on a SQLite file, as the daemon does, in a folder of
/// its own with the session tables open on the same file (<see cref="Database"/>). The folder goes after the actor
/// system has stopped and the database is closed.
/// </summary>
public abstract class SqliteJournalTestBase : ActorTestBase
{
    protected SqliteJournalTestBase(string folderPrefix) : this(Directory.CreateTempSubdirectory(folderPrefix))
    {
    }

    private SqliteJournalTestBase(DirectoryInfo directory)
        : base(config: SessionJournal.ToConfig(new SessionStore.Sqlite(Path.Combine(directory.FullName, SqliteDatabase.FileName))))
    {
        JournalDirectory = directory.FullName;
        Database = SqliteDatabase.OpenAsync(JournalDirectory).GetAwaiter().GetResult();
    }

    /// <summary>The folder of the journal's database file.</summary>
    protected string JournalDirectory { get; }

    /// <summary>The session tables' side of the journal's database.</summary>
    protected SqliteDatabase Database { get; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing); // the actor system first: the journal lets go of the file
        if (!disposing) return;
        Database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(JournalDirectory, recursive: true);
    }
}
