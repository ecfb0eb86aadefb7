namespace Charger.Actors.Kernel;

/// <summary>
/// One phase of <see cref="CoordinatedShutdown"/>: it starts after the phases it depends on, its tasks
/// run in parallel, and it ends when they finish or its timeout passes. With <see cref="Recover"/> off,
/// a failed or timed-out phase aborts the rest of the shutdown (Akka's <c>recover = off</c>).
/// </summary>
public sealed record ShutdownPhase(TimeSpan Timeout, IReadOnlyList<string> DependsOn, bool Recover = true)
{
    public ShutdownPhase(TimeSpan timeout, params string[] dependsOn) : this(timeout, (IReadOnlyList<string>)dependsOn) { }
}
