using Charger.Actors.Persistence;

namespace Charger.Tests.Persistence;

/// <summary>Journal entries and snapshots for the store-specific tests.</summary>
internal static class StoreTestData
{
    /// <summary>A fixed instant with sub-microsecond ticks, so a store that loses precision is seen.</summary>
    public static readonly DateTimeOffset Time = new(2026, 11, 22, 10, 30, 15, TimeSpan.Zero);

    public static JournalEntry Entry(string persistenceId, long sequenceNr, string? payload = null) =>
        new(persistenceId, sequenceNr, "session-started", 1, payload ?? $$"""{"n":{{sequenceNr}}}""", Time.AddSeconds(sequenceNr));

    public static JournalEntry[] Entries(string persistenceId, long from, long to) =>
        [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(n => Entry(persistenceId, n))];

    public static SnapshotEntry Snapshot(string persistenceId, long sequenceNr, string payload = """{"state":1}""") =>
        new(persistenceId, sequenceNr, "session-state", 2, payload, Time.AddMinutes(sequenceNr));

    public static async Task<List<JournalEntry>> ReplayAllAsync(this IJournal journal, string persistenceId)
    {
        var entries = new List<JournalEntry>();
        await foreach (var entry in journal.ReplayAsync(persistenceId, 1, long.MaxValue))
            entries.Add(entry);
        return entries;
    }

    public static async Task<List<JournalEntry>> ReadAllListAsync(this IJournal journal, long afterOrdering = 0, int max = int.MaxValue)
    {
        var entries = new List<JournalEntry>();
        await foreach (var entry in journal.ReadAllAsync(afterOrdering, max))
            entries.Add(entry);
        return entries;
    }
}
