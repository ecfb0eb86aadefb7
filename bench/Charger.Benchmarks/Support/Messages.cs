namespace Charger.Benchmarks.Support;

// Message types shared by the benchmarks. Each has one preallocated instance that every Tell reuses,
// so the numbers measure Akka (queueing, scheduling, dispatch), not the allocation of messages.

/// <summary>A request: the echo actor answers it with <see cref="Pong"/>; the sink just counts it.</summary>
public sealed class Ping
{
    public static readonly Ping Instance = new();
}

/// <summary>The echo actor's answer to <see cref="Ping"/>.</summary>
public sealed class Pong
{
    public static readonly Pong Instance = new();
}

/// <summary>Sent last after a burst of Tells: when the sink sees it, every earlier message has been processed (FIFO).</summary>
public sealed class Flush
{
    public static readonly Flush Instance = new();
}
