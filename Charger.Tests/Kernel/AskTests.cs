using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class AskTests : ActorTestBase
{
    private sealed class Replier : ReceiveActor
    {
        public Replier()
        {
            Receive<string>(s => s == "fail", _ => Sender.Tell(new Status.Failure(new InvalidOperationException("nope"))));
            Receive<string>(s => s == "number", _ => Sender.Tell(42));
            Receive<string>(s => s == "silent", _ => { });
            Receive<string>(s => Sender.Tell("re:" + s));
        }
    }

    [Fact]
    public async Task Ask_completes_with_the_reply()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        Assert.Equal("re:x", await actor.Ask<string>("x", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Ask_times_out_with_a_typed_exception_when_the_clock_passes_the_timeout()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        var ask = actor.Ask<string>("silent", TimeSpan.FromSeconds(5));
        Time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(ask.IsCompleted);
        Time.Advance(TimeSpan.FromSeconds(0.1));
        var e = await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
        Assert.Contains("5000 ms", e.Message);
        Assert.IsAssignableFrom<TimeoutException>(e);
    }

    [Fact]
    public async Task Ask_to_a_dead_actor_fails_at_once()
    {
        var probe = CreateProbe();
        var actor = Sys.ActorOf(Props.Create<Replier>());
        probe.Watch(actor);
        Sys.Stop(actor);
        probe.ExpectTerminated(actor);
        var e = await Assert.ThrowsAsync<AskTimeoutException>(() => actor.Ask<string>("x", TimeSpan.FromSeconds(3)));
        Assert.Contains("terminated", e.Message);
    }

    [Fact]
    public async Task Ask_can_be_cancelled()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        using var cts = new CancellationTokenSource();
        var ask = actor.Ask<string>("silent", TimeSpan.FromSeconds(30), cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    [Fact]
    public async Task A_failure_reply_faults_the_ask_with_its_cause()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => actor.Ask<string>("fail", TimeSpan.FromSeconds(3)));
        Assert.Equal("nope", e.Message);
    }

    [Fact]
    public async Task A_reply_of_the_wrong_type_is_a_clear_error()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        var e = await Assert.ThrowsAsync<InvalidCastException>(() => actor.Ask<string>("number", TimeSpan.FromSeconds(3)));
        Assert.Contains("Int32", e.Message);
    }

    [Fact]
    public void Ask_requires_a_positive_timeout()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = actor.Ask<string>("x", TimeSpan.Zero); });
    }

    [Fact]
    public async Task A_late_reply_after_the_timeout_goes_to_dead_letters()
    {
        var probe = CreateProbe();
        Sys.EventStream.Subscribe<Actors.Kernel.Event.DeadLetter>(probe.Ref);
        var holder = CreateProbe();
        var ask = holder.Ref.Ask<string>("question", TimeSpan.FromSeconds(1));
        holder.ExpectMsg("question");
        var replyTo = holder.LastSender;
        Time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
        holder.Reply("too late");
        probe.ExpectMsg<Actors.Kernel.Event.DeadLetter>(d => Equals(d.Message, "too late"));
        Assert.NotNull(replyTo);
    }
}
