using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Sqlite;

namespace Charger.Tests.TestKit;

/// <summary>Reads Akka.Persistence.Sql's journal table in <c>charger.db</c> directly: what the tests check without an ActorSystem.</summary>
public static class AkkaJournalRows
{
    /// <summary>What is journaled for <paramref name="persistenceId"/>, in order, read back with our format.</summary>
    public static Task<IReadOnlyList<(long SequenceNr, object Event)>> EventsAsync(SqliteDatabase database, string persistenceId) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT sequence_number, manifest, message, identifier FROM {SessionJournal.JournalTable}
                WHERE persistence_id = $id ORDER BY sequence_number;
                """;
            command.Parameters.AddWithValue("$id", persistenceId);
            using var reader = command.ExecuteReader();
            var events = new List<(long, object)>();
            while (reader.Read())
            {
                Assert.Equal(SessionJournalSerializer.Id, reader.GetInt32(3));
                var manifest = reader.GetString(1);
                var slash = manifest.LastIndexOf('/');
                var json = System.Text.Encoding.UTF8.GetString((byte[])reader.GetValue(2));
                events.Add((reader.GetInt64(0), SessionJournalSerializer.Format.Deserialize(manifest[..slash], int.Parse(manifest[(slash + 1)..]), json)));
            }
            return Task.FromResult<IReadOnlyList<(long, object)>>(events);
        });

    /// <summary>The sequence numbers journaled for <paramref name="persistenceId"/>, in order (none when Akka never created its table).</summary>
    public static Task<IReadOnlyList<long>> SequenceNrsAsync(SqliteDatabase database, string persistenceId) =>
        database.ReadAsync(connection =>
        {
            using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = $name;";
            exists.Parameters.AddWithValue("$name", SessionJournal.JournalTable);
            if ((long)exists.ExecuteScalar()! == 0) return Task.FromResult<IReadOnlyList<long>>([]);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT sequence_number FROM {SessionJournal.JournalTable} WHERE persistence_id = $id ORDER BY sequence_number;";
            command.Parameters.AddWithValue("$id", persistenceId);
            using var reader = command.ExecuteReader();
            var numbers = new List<long>();
            while (reader.Read()) numbers.Add(reader.GetInt64(0));
            return Task.FromResult<IReadOnlyList<long>>(numbers);
        });
}
