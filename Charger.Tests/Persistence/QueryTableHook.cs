using System.Data.Common;
using Charger.Actors.Persistence;

namespace Charger.Tests.Persistence;

/// <summary>
/// A same-transaction hook as a session projection would be: one row per event in a <c>projection</c>
/// table (created by the test), in whatever schema prefix the store uses. Can be told to fail.
/// </summary>
internal sealed class QueryTableHook(string table) : IJournalTransactionHook
{
    public bool Fail { get; set; }

    public List<JournalEntry> Seen { get; } = [];

    public async Task OnAppendAsync(IReadOnlyList<JournalEntry> entries, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {table} (persistence_id, sequence_nr, ordering) VALUES (@id, @seq, @ordering);";
            AddParameter(command, "@id", entry.PersistenceId);
            AddParameter(command, "@seq", entry.SequenceNr);
            AddParameter(command, "@ordering", entry.Ordering);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        Seen.AddRange(entries);
        if (Fail)
            throw new InvalidOperationException("the projection failed");
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
