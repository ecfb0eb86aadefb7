using Akka.Actor;
using Charger.Actors.Charging;
using Charger.Actors.Sessions;
using Charger.Benchmarks.Actors;

namespace Charger.Benchmarks.Support;

/// <summary>
/// What a <see cref="SessionActor"/> journals for one charger, made up fast: sessions one after another,
/// each opened, a few state changes and firmware lines, a link outage, closed (mostly completed, some
/// cancelled or faulted). Journaled through a <see cref="JournalWriter"/> under the session actor's
/// persistence id in large atomic writes, so a journal of 100,000 events fills in seconds.
/// </summary>
public sealed class SessionHistory(string chargerId, int users = 50)
{
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string ChargerId => chargerId;

    public string PersistenceId => SessionActor.PersistenceIdOf(chargerId);

    public string SessionId(int index) => $"{chargerId}-{index:D8}-0f8fad5b-d9cb-469f-a165-70867728950e";

    /// <summary>The events of session <paramref name="index"/> (10 of them unless <paramref name="brief"/>: 4), ending with its close unless <paramref name="leaveOpen"/>.</summary>
    public IEnumerable<ISessionEvent> Session(int index, bool brief = false, bool leaveOpen = false)
    {
        var id = SessionId(index);
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

    /// <summary>Journals <paramref name="events"/> under <see cref="PersistenceId"/> in atomic writes of <paramref name="batch"/>; returns the highest sequence number.</summary>
    public async Task<long> JournalAsync(ActorSystem system, IEnumerable<ISessionEvent> events, int batch = 2_000)
    {
        var writer = system.ActorOf(JournalWriter.Props(PersistenceId), $"fill-{chargerId}-{Guid.NewGuid():N}");
        var highest = 0L;
        try
        {
            foreach (var chunk in events.Chunk(batch))
                highest = (await writer.Ask<JournalWriter.Persisted>(new JournalWriter.PersistBatch(chunk), TimeSpan.FromMinutes(2)).ConfigureAwait(false)).SequenceNr;
        }
        finally
        {
            // Stopped before anyone else writes or recovers this persistence id.
            await writer.GracefulStop(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        return highest;
    }
}
