using System.Diagnostics;
using Charger.Actors.Charging;
using Charger.Actors.Subscribers;

namespace Charger.Benchmarks.Support;

/// <summary>
/// A subscriber's sink that stamps each state event with <see cref="Stopwatch.GetTimestamp"/> as the
/// first thing it does, and hands it to the one writer waiting for it (one event in flight at a time).
/// Link events are not state events and are ignored. Not disposable on purpose: the subscriber actor
/// disposes a disposable sink when it stops, and this one outlives the actor.
/// </summary>
public sealed class ArrivalSink : IEventSink
{
    private readonly SemaphoreSlim _arrived = new(0);
    private ChargerEvent? _event;
    private long _at;

    public Task EmitAsync(ChargerEvent evt, CancellationToken cancellationToken)
    {
        if (evt.FromState is null) return Task.CompletedTask;
        var at = Stopwatch.GetTimestamp();
        _at = at;
        _event = evt;
        _arrived.Release(); // a full fence: the writer sees both fields
        return Task.CompletedTask;
    }

    /// <summary>Waits for the next state event; returns it and its arrival timestamp.</summary>
    public (ChargerEvent Event, long At) Next(TimeSpan timeout)
    {
        if (!_arrived.Wait(timeout)) throw new TimeoutException($"No charger event within {timeout}.");
        return (_event!, _at);
    }
}
