using System.Collections.Concurrent;

namespace Charger.Actors.Ocpp.ChargePoint;

/// <summary>
/// What one charger's OCPP connection looks like from outside (the API and metrics read it from any thread): the
/// connection, the last BootNotification result, the outbox, and CALL counts. It outlives the actors that write it,
/// so a reconnect knows the boot was accepted already (no BootNotification on a plain reconnect).
/// </summary>
public sealed class OcppMonitor(string chargePointId, Uri endpoint)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<(string Action, string Result), long> _calls = new();

    public string ChargePointId { get; } = chargePointId;

    public Uri Endpoint { get; } = endpoint;

    public OcppConnectionState State { get; private set; } = OcppConnectionState.Disconnected;

    public DateTimeOffset? ConnectedSince { get; private set; }

    public string? LastError { get; private set; }

    public long Connects { get; private set; }

    public BootResult? LastBoot { get; private set; }

    /// <summary>True once a BootNotification was accepted in this process' life: later reconnects do not boot again.</summary>
    public bool BootAccepted => LastBoot?.Status == "Accepted";

    public int OutboxDepth { get; private set; }

    public OutboxHead? OldestQueued { get; private set; }

    /// <summary>How many idTags the authorization cache holds (as journaled).</summary>
    public int AuthorizationCacheEntries { get; private set; }

    public IReadOnlyDictionary<(string Action, string Result), long> Calls => _calls;

    public void Connecting()
    {
        lock (_gate) State = OcppConnectionState.Connecting;
    }

    public void Connected(DateTimeOffset at)
    {
        lock (_gate)
        {
            State = OcppConnectionState.Connected;
            ConnectedSince = at;
            LastError = null;
            Connects++;
        }
    }

    public void Disconnected(string? error)
    {
        lock (_gate)
        {
            State = OcppConnectionState.Disconnected;
            ConnectedSince = null;
            if (error is not null) LastError = error;
        }
    }

    public void Booted(BootResult result)
    {
        lock (_gate) LastBoot = result;
    }

    public void AuthorizationCache(int entries)
    {
        lock (_gate) AuthorizationCacheEntries = entries;
    }

    public void Outbox(int depth, OutboxHead? oldest)
    {
        lock (_gate)
        {
            OutboxDepth = depth;
            OldestQueued = oldest;
        }
    }

    /// <param name="result">accepted (CALLRESULT), the CALLERROR's code, or timeout.</param>
    public void Call(string action, string result) => _calls.AddOrUpdate((action, result), 1, (_, n) => n + 1);

    public sealed record BootResult(string Status, int Interval, DateTimeOffset At);

    public sealed record OutboxHead(string Action, DateTimeOffset At, int Attempts);
}

public enum OcppConnectionState
{
    Disconnected,
    Connecting,
    Connected,
}
