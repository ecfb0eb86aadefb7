using Charger.Actors.Charging;
using Charger.Actors.Persistence;
using Charger.Actors.Sessions;

namespace Charger.Benchmarks.Support;

/// <summary>
/// Fills a session journal fast with what a <see cref="SessionActor"/> journals for one charger: sessions
/// one after another, each opened, a few state changes and firmware lines, a link outage, closed (mostly
/// completed, some cancelled or faulted), serialized with the actor's own <see cref="PersistenceSerializer"/>.
/// Written as large <see cref="IJournal.WriteAsync"/> batches, so the query tables' hook runs as it does
/// for the actor, one transaction per batch instead of per event.
/// </summary>
public sealed class SessionJournal(PersistenceSerializer serializer, string chargerId, int users = 50)
{
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string PersistenceId => SessionActor.PersistenceIdOf(chargerId);

    /// <summary>The events of session <paramref name="index"/> (10 of them unless <paramref name="brief"/>: 4), ending with its close unless <paramref name="leaveOpen"/>.</summary>
    public IEnumerable<ISessionEvent> Session(int index, bool brief = false, bool leaveOpen = false)
    {
        var id = $"{chargerId}-{index:D8}-0f8fad5b-d9cb-469f-a165-70867728950e";
        var at = Epoch.AddHours(index * 3);
        var seq = index * 20L;
        string? user = index % 5 == 0 ? null : $"user-{index % users:D3}";
        yield return new SessionOpened(id, chargerId, user, at, 5);
        yield return new SessionEventRecorded(id, ChargerEventType.ChargeStarted, at, ++seq, 3, 5);
        if (!brief)
        {
            yield return new SessionEventRecorded(id, ChargerEventType.FirmwareInfo, at.AddMinutes(1), ++seq, Message: "CP 6V PWM 26% (16 A)");
            yield return new SessionEventRecorded(id, ChargerEventType.ChargePaused, at.AddMinutes(40), ++seq, 5, 4);
            yield return new SessionEventRecorded(id, ChargerEventType.ChargeStarted, at.AddMinutes(45), ++seq, 4, 5);
            yield return new SessionLinkDegraded(id, at.AddMinutes(50), "read failed: Input/output error");
            yield return new SessionLinkRestored(id, at.AddMinutes(51));
            yield return new SessionEventRecorded(id, ChargerEventType.ChargePaused, at.AddMinutes(90), ++seq, 5, 4);
        }
        if (leaveOpen) yield break;
        var (status, type, to, reason) = (index % 20) switch
        {
            0 => (SessionStatus.Faulted, ChargerEventType.FaultDetected, 7, "fault detected"),
            1 or 2 => (SessionStatus.Cancelled, ChargerEventType.CableDisconnected, 1, "cable disconnected while charging"),
            _ => (SessionStatus.Completed, ChargerEventType.ChargeStopped, 3, "charge stopped"),
        };
        yield return new SessionEventRecorded(id, type, at.AddMinutes(120), ++seq, 4, to);
        yield return new SessionClosed(id, status, at.AddMinutes(120), to, reason);
    }

    /// <summary>Appends <paramref name="events"/> after <paramref name="lastSequenceNr"/> in batches of <paramref name="batch"/>; returns the new highest sequence number.</summary>
    public async Task<long> AppendAsync(IJournal journal, IEnumerable<ISessionEvent> events, long lastSequenceNr, int batch = 2_000)
    {
        var entries = new List<JournalEntry>(batch);
        var now = DateTimeOffset.UtcNow;
        foreach (var e in events)
        {
            var s = serializer.Serialize(e);
            entries.Add(new JournalEntry(PersistenceId, ++lastSequenceNr, s.Manifest, s.SchemaVersion, s.Payload, now));
            if (entries.Count < batch) continue;
            await journal.WriteAsync(entries).ConfigureAwait(false);
            entries = new List<JournalEntry>(batch);
        }
        if (entries.Count > 0) await journal.WriteAsync(entries).ConfigureAwait(false);
        return lastSequenceNr;
    }
}
