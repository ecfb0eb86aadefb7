using Charger.Actors.Charging;
using Akka.Actor;
using Charger.Actors.Subscribers;

namespace Charger.Tests.Subscribers;

/// <summary>Sinks with a known behaviour, for subscriber tests.</summary>
internal static class TestSinks
{
    /// <summary>Tells every event to an actor (a probe), so the test sees what arrived and in which order.</summary>
    public sealed class Forwarding(IActorRef target) : IEventSink
    {
        public Task EmitAsync(ChargerEvent evt, CancellationToken cancellationToken)
        {
            target.Tell(evt);
            return Task.CompletedTask;
        }
    }

    /// <summary>Fails on every event, after telling the target it tried.</summary>
    public sealed class Throwing(IActorRef target) : IEventSink
    {
        public Task EmitAsync(ChargerEvent evt, CancellationToken cancellationToken)
        {
            target.Tell(("tried", evt.Sequence));
            throw new InvalidOperationException($"boom at {evt.Sequence}");
        }
    }

    /// <summary>Blocks its thread on the first event until the gate opens (at most 10 s), then forwards.</summary>
    public sealed class Blocking(ManualResetEventSlim gate, IActorRef target) : IEventSink
    {
        public Task EmitAsync(ChargerEvent evt, CancellationToken cancellationToken)
        {
            target.Tell(("blocking", evt.Sequence));
            gate.Wait(TimeSpan.FromSeconds(10));
            target.Tell(evt);
            return Task.CompletedTask;
        }
    }

    public static ChargerEvent Event(long sequence, ChargerEventType type = ChargerEventType.StateChanged) =>
        new("cp-1", sequence, type, DateTimeOffset.UnixEpoch.AddSeconds(sequence), 1, 2);
}
