namespace Charger.Actors.Serial;

/// <summary>
/// The link's state, readable from any thread (health checks, HTTP, metrics). It is owned by the
/// charger, not by the serial actor, because that actor is replaced on every reconnect and the
/// history (down since when, attempts, last error) must survive it.
/// </summary>
public sealed class LinkMonitor(TimeProvider time)
{
    private LinkState _state = LinkState.Initial(time.GetUtcNow());
    private bool _everUp;

    public LinkState Current => Volatile.Read(ref _state);

    /// <summary>Frames and decode errors since start, across reconnects.</summary>
    public LinkTraffic Traffic { get; } = new();

    /// <summary>Raised after each change, on the thread that made it. Keep handlers short.</summary>
    public event Action<LinkState>? Changed;

    internal LinkState MarkUp(string path)
    {
        var reconnect = _everUp;
        _everUp = true;
        return Update(s => s with
        {
            IsUp = true,
            Since = s.IsUp ? s.Since : time.GetUtcNow(),
            Path = path,
            ReconnectAttempts = 0,
            Reconnects = s.Reconnects + (reconnect && !s.IsUp ? 1 : 0),
        });
    }

    internal LinkState MarkDown(string? path, string error) =>
        Update(s => s with
        {
            IsUp = false,
            Since = s.IsUp ? time.GetUtcNow() : s.Since, // never up: down since start
            Path = path ?? s.Path,
            ReconnectAttempts = s.ReconnectAttempts + 1,
            LastError = error,
        });

    private LinkState Update(Func<LinkState, LinkState> change)
    {
        LinkState current, next;
        do
        {
            current = Volatile.Read(ref _state);
            next = change(current);
        } while (Interlocked.CompareExchange(ref _state, next, current) != current);
        Changed?.Invoke(next);
        return next;
    }
}
