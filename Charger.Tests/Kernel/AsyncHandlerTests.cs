using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class AsyncHandlerTests : ActorTestBase
{
    private sealed record Work(TaskCompletionSource Gate, string Name);

    private sealed class AsyncWorker : ReceiveActor
    {
        private int _inHandler;

        public AsyncWorker(IActorRef probe)
        {
            ReceiveAsync<Work>(async w =>
            {
                if (Interlocked.Increment(ref _inHandler) != 1) probe.Tell("overlap!");
                probe.Tell($"start:{w.Name}");
                await w.Gate.Task;
                // Still this message's turn: Sender and state are the ones of this message.
                probe.Tell($"end:{w.Name}:{Sender.Path.Name}:{ActorCell_IsCurrent()}");
                Interlocked.Decrement(ref _inHandler);
            });
            Receive<string>(s => probe.Tell($"sync:{s}"));
            ReceiveAsync<int>(async i =>
            {
                await Task.Yield();
                throw new InvalidOperationException($"async failure {i}");
            });
        }

        private bool ActorCell_IsCurrent() => ReferenceEquals(Charger.Actors.Kernel.ActorCell.Current?.Self, Self);
    }

    [Fact]
    public void The_mailbox_does_not_run_while_an_async_handler_awaits()
    {
        var probe = CreateProbe("asker");
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(probe.Ref)));
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        probe.Send(actor, new Work(first, "one"));
        probe.Send(actor, "between");
        probe.Send(actor, new Work(second, "two"));
        probe.ExpectMsg("start:one");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // "between" waits behind the awaiting handler
        first.SetResult();
        probe.ExpectMsg("end:one:asker:True");
        probe.ExpectMsg("sync:between");
        probe.ExpectMsg("start:two");
        second.SetResult();
        probe.ExpectMsg("end:two:asker:True");
    }

    [Fact]
    public void An_exception_after_await_goes_to_the_supervisor_and_the_actor_restarts()
    {
        var probe = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(probe.Ref)));
        actor.Tell(7);
        actor.Tell("after");
        // The failing message is dropped; the next one is handled by the new instance.
        probe.ExpectMsg("sync:after");
    }

    [Fact]
    public void Stopping_an_actor_while_it_awaits_completes_the_stop()
    {
        var probe = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(probe.Ref)));
        var never = new TaskCompletionSource();
        probe.Watch(actor);
        actor.Tell(new Work(never, "stuck"));
        probe.ExpectMsg("start:stuck");
        Sys.Stop(actor);
        probe.ExpectTerminated(actor);
        never.SetResult(); // a continuation for a dead actor is dropped quietly
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
