using Akka.Actor;

namespace Charger.Benchmarks.Actors;

/// <summary>
/// Stands in for the state tracker and never answers <c>GetStatus</c>: a recovered session actor keeps
/// polling it but never reconciles, so it journals nothing while recovery is being timed.
/// </summary>
public sealed class SilentStatusSource : ReceiveActor
{
    public SilentStatusSource() => ReceiveAny(_ => { });
}
