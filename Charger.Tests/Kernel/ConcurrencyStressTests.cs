using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

/// <summary>
/// Many senders on all cores: every message arrives exactly once and in order per sender. A lost,
/// duplicated or reordered message shows up as a gap, a repeat or a step back in a sequence.
/// </summary>
public sealed class ConcurrencyStressTests() : ActorTestBase(manualTime: false)
{
    private sealed record Numbered(int Sender, int Sequence);

    private sealed record Report(long Received, int Violations, int[] LastBySender);

    private sealed class SequenceChecker : ReceiveActor
    {
        public SequenceChecker(int senders)
        {
            var last = Enumerable.Repeat(-1, senders).ToArray();
            long received = 0;
            var violations = 0;
            var inside = 0;
            Receive<Numbered>(m =>
            {
                if (Interlocked.Increment(ref inside) != 1) violations++; // two threads in one actor
                if (m.Sequence != last[m.Sender] + 1) violations++;
                last[m.Sender] = m.Sequence;
                received++;
                Interlocked.Decrement(ref inside);
            });
            Receive<string>(_ => Sender.Tell(new Report(received, violations, last)));
        }
    }

    [Fact]
    public async Task Many_threads_telling_one_actor_lose_duplicate_and_reorder_nothing()
    {
        const int senders = 8;
        const int perSender = 50_000;
        var checker = Sys.ActorOf(Props.Create(() => new SequenceChecker(senders)));
        var threads = Enumerable.Range(0, senders).Select(s => new Thread(() =>
        {
            for (var i = 0; i < perSender; i++) checker.Tell(new Numbered(s, i));
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var report = await WaitForTotal(checker, senders * (long)perSender);
        Assert.Equal(0, report.Violations);
        Assert.All(report.LastBySender, last => Assert.Equal(perSender - 1, last));
    }

    private sealed class Sender_(IActorRef target, int id, int count) : ActorBase
    {
        protected override void PreStart()
        {
            for (var i = 0; i < count; i++) target.Tell(new Numbered(id, i));
        }

        protected internal override bool Receive(object message) => false;
    }

    [Fact]
    public async Task Many_actors_telling_many_actors_keep_per_pair_order()
    {
        const int receivers = 4;
        const int sendersPerReceiver = 16;
        const int perSender = 5_000;
        var checkers = Enumerable.Range(0, receivers)
            .Select(_ => Sys.ActorOf(Props.Create(() => new SequenceChecker(sendersPerReceiver)))).ToArray();
        for (var r = 0; r < receivers; r++)
            for (var s = 0; s < sendersPerReceiver; s++)
            {
                var (target, id) = (checkers[r], s);
                Sys.ActorOf(Props.Create(() => new Sender_(target, id, perSender)));
            }

        foreach (var checker in checkers)
        {
            var report = await WaitForTotal(checker, sendersPerReceiver * (long)perSender);
            Assert.Equal(0, report.Violations);
            Assert.All(report.LastBySender, last => Assert.Equal(perSender - 1, last));
        }
    }

    private static async Task<Report> WaitForTotal(IActorRef checker, long total)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var report = await checker.Ask<Report>("report", TimeSpan.FromSeconds(10));
            if (report.Received >= total || DateTime.UtcNow > deadline)
            {
                Assert.Equal(total, report.Received);
                return report;
            }
            await Task.Delay(20); // the checker is still draining; ask again
        }
    }
}
