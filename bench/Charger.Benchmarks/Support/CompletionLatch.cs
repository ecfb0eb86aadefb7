namespace Charger.Benchmarks.Support;

/// <summary>
/// How a benchmark thread waits for actors to finish a round. Reset and Signal allocate nothing, so
/// the latch does not show up in the memory diagnoser's bytes per operation. It blocks (after a short
/// spin) rather than busy-waiting: a spinning benchmark thread would take one of the two cores away
/// from the actors it is measuring.
/// </summary>
public sealed class CompletionLatch : IDisposable
{
    private readonly ManualResetEventSlim _done = new(initialState: false);
    private int _remaining;

    /// <summary>Arms the latch for <paramref name="count"/> signals. Call before starting the round.</summary>
    public void Reset(int count)
    {
        _done.Reset();
        Volatile.Write(ref _remaining, count);
    }

    /// <summary>Called by an actor when its part of the round is done.</summary>
    public void Signal()
    {
        if (Interlocked.Decrement(ref _remaining) == 0) _done.Set();
    }

    /// <summary>Waits for all signals; a lost message shows up as a timeout, not as a hang.</summary>
    public void Wait(TimeSpan timeout)
    {
        if (!_done.Wait(timeout))
            throw new TimeoutException($"The round did not finish within {timeout}; {Volatile.Read(ref _remaining)} signal(s) missing.");
    }

    public void Dispose() => _done.Dispose();
}
