using Charger.Actors.Kernel;

namespace Charger.Tests.Kernel;

/// <summary>Small actors shared by the kernel tests. Each reports what happens to it to a probe.</summary>
internal static class TestActors
{
    /// <summary>Replies to every message with the same message.</summary>
    public sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    public sealed record Fail(Exception Error);

    public sealed record GetState;

    public sealed record Spawn(Props Props, string Name);

    /// <summary>
    /// Counts messages (state lost on restart), fails on <see cref="Fail"/>, reports its lifecycle
    /// hooks to <paramref name="probe"/> as strings like "PreStart:name".
    /// </summary>
    public sealed class Lifecycle : ReceiveActor
    {
        private readonly IActorRef _probe;
        private int _count;

        public Lifecycle(IActorRef probe)
        {
            _probe = probe;
            Receive<Fail>(f => throw f.Error);
            Receive<GetState>(_ => Sender.Tell(_count));
            Receive<Spawn>(s => Sender.Tell(Context.ActorOf(s.Props, s.Name)));
            Receive<string>(s =>
            {
                _count++;
                _probe.Tell($"got:{s}:{_count}");
            });
        }

        private string Name => Self.Path.Name;

        protected override void PreStart() => _probe.Tell($"PreStart:{Name}");

        protected override void PostStop() => _probe.Tell($"PostStop:{Name}");

        protected override void PreRestart(Exception reason, object? message)
        {
            _probe.Tell(new PreRestartCalled(Name, reason, message));
            base.PreRestart(reason, message);
        }

        protected override void PostRestart(Exception reason)
        {
            _probe.Tell(new PostRestartCalled(Name, reason));
            base.PostRestart(reason);
        }
    }

    public sealed record PreRestartCalled(string Name, Exception Reason, object? Message);

    public sealed record PostRestartCalled(string Name, Exception Reason);

    /// <summary>A parent with a given strategy that creates the children it is told to.</summary>
    public sealed class Supervisor : ReceiveActor
    {
        private readonly SupervisorStrategy _strategy;

        public Supervisor(SupervisorStrategy strategy)
        {
            _strategy = strategy;
            Receive<Spawn>(s => Sender.Tell(Context.ActorOf(s.Props, s.Name)));
            Receive<Fail>(f => throw f.Error);
        }

        protected override SupervisorStrategy SupervisorStrategy() => _strategy;
    }

    /// <summary>Blocks its first message until the gate opens, then counts.</summary>
    public sealed class Gated : ReceiveActor
    {
        public Gated(ManualResetEventSlim gate, IActorRef probe)
        {
            var count = 0;
            ReceiveAny(m =>
            {
                if (count++ == 0)
                {
                    probe.Tell("blocked");
                    gate.Wait(TimeSpan.FromSeconds(10));
                }
                probe.Tell(m);
            });
        }
    }
}
