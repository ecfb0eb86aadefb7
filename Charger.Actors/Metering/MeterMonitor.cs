using Charger.Actors.Serial;

namespace Charger.Actors.Metering;

/// <summary>
/// One charger's meter as HTTP, metrics, sessions and OCPP read it, from any thread: the link (up/down, since,
/// attempts, last error, as for the ESP32 link) and the last complete reading. Owned by the charger, not by the
/// meter actor, which is replaced on every reconnect. A reading is never fresh once it is older than
/// <c>stale-after</c> or while the link is down: its age is always shown with it.
/// </summary>
public sealed class MeterMonitor(MeterOptions options, TimeProvider time) : IEnergyRegister
{
    private MeterReading? _latest;
    private long _failedReads;
    private long _exceptions;

    public MeterOptions Options { get; } = options;

    public LinkMonitor Link { get; } = new(time);

    public MeterReading? Latest => Volatile.Read(ref _latest);

    /// <summary>Requests that timed out or came back corrupt, since start.</summary>
    public long FailedReads => Interlocked.Read(ref _failedReads);

    /// <summary>Exception responses, since start.</summary>
    public long ExceptionResponses => Interlocked.Read(ref _exceptions);

    public string? LastException { get; private set; }

    public TimeSpan? Age => Latest is { } r ? time.GetUtcNow() - r.ReadAt : null;

    public bool IsFresh => Latest is { } r && Link.Current.IsUp && time.GetUtcNow() - r.ReadAt <= Options.StaleAfter;

    public EnergyRegisterValue? Read() =>
        Latest is { EnergyImportWh: { } wh } r ? new EnergyRegisterValue(wh, r.ReadAt, IsFresh) : null;

    public MeterReading? FreshReading() =>
        Latest is { } r && Link.Current.IsUp && time.GetUtcNow() - r.ReadAt <= Options.StaleAfter ? r : null;

    internal void Record(MeterReading reading) => Volatile.Write(ref _latest, reading);

    internal void CountFailure() => Interlocked.Increment(ref _failedReads);

    internal void CountException(string description)
    {
        Interlocked.Increment(ref _exceptions);
        LastException = description;
    }
}
