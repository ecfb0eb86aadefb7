using System.Collections.Concurrent;
using Charger.Actors.Kernel;

namespace Charger.Tests.TestKit;

/// <summary>
/// A real actor whose mailbox a test reads, like Akka.TestKit's TestProbe. Waits are bounded by real
/// time (the actors under test run on real threads); the default is Akka's 3 s.
/// </summary>
public sealed class TestProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    private readonly BlockingCollection<(object Message, IActorRef Sender)> _queue = new();

    public TestProbe(ActorSystem system, string? name = null)
    {
        System = system;
        Ref = system.SystemActorOf(Props.Create(() => new ProbeActor(_queue)), name);
    }

    public ActorSystem System { get; }

    public IActorRef Ref { get; }

    /// <summary>The sender of the last message received.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.Nobody;

    /// <summary>Sends a message to <paramref name="target"/> with this probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Replies to <see cref="LastSender"/>.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Forwards the last message's sender along with <paramref name="message"/>.</summary>
    public void Forward(IActorRef target, object message) => target.Tell(message, LastSender);

    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(_ => true, timeout);

    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null, string? hint = null)
    {
        var (message, _) = Next(timeout, $"a {typeof(T).Name}{(hint is null ? "" : $" ({hint})")}");
        if (message is not T typed)
            throw new TestKitException($"Expected a {typeof(T).Name}{(hint is null ? "" : $" ({hint})")} but received {Describe(message)}.");
        if (!predicate(typed))
            throw new TestKitException($"Received {Describe(message)}, which does not match{(hint is null ? "" : $" ({hint})")}.");
        return typed;
    }

    /// <summary>Expects a message equal to <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) where T : notnull =>
        ExpectMsg<T>(m => Equals(m, expected), timeout, $"equal to {expected}");

    /// <summary>Asserts that nothing arrives during <paramref name="duration"/> (this one has to wait it out).</summary>
    public void ExpectNoMsg(TimeSpan duration)
    {
        if (_queue.TryTake(out var item, duration))
            throw new TestKitException($"Expected no message for {duration.TotalMilliseconds} ms but received {Describe(item.Message)}.");
    }

    /// <summary>Watches <paramref name="target"/> from this probe (Terminated then arrives as a message).</summary>
    public IActorRef Watch(IActorRef target)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Ref.Tell(new ProbeActor.WatchCommand(target, done), null);
        done.Task.Wait(DefaultTimeout);
        return target;
    }

    public IActorRef Unwatch(IActorRef target)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Ref.Tell(new ProbeActor.UnwatchCommand(target, done), null);
        done.Task.Wait(DefaultTimeout);
        return target;
    }

    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => ReferenceEquals(t.ActorRef, target), timeout, $"Terminated of {target.Path}");

    /// <summary>Skips messages until one of type <typeparamref name="T"/> matches; fails at the deadline.</summary>
    public T FishForMessage<T>(Predicate<T> isTarget, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var skipped = new List<string>();
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_queue.TryTake(out var item, left))
                throw new TestKitException($"No matching {typeof(T).Name} before the deadline; skipped: [{string.Join(", ", skipped)}].");
            LastSender = item.Sender;
            if (item.Message is T typed && isTarget(typed)) return typed;
            skipped.Add(Describe(item.Message));
        }
    }

    /// <summary>
    /// Collects messages while <paramref name="collect"/> returns a value (null stops, leaving that
    /// message consumed, as in Akka), until <paramref name="max"/> passes, nothing arrives for
    /// <paramref name="idle"/>, or <paramref name="count"/> messages are collected.
    /// </summary>
    public IReadOnlyList<T> ReceiveWhile<T>(TimeSpan max, Func<object, T?> collect, TimeSpan? idle = null, int count = int.MaxValue)
        where T : class
    {
        var deadline = DateTime.UtcNow + max;
        var results = new List<T>();
        while (results.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) break;
            if (idle is { } i && i < left) left = i;
            if (!_queue.TryTake(out var item, left)) break;
            LastSender = item.Sender;
            var value = collect(item.Message);
            if (value is null) break;
            results.Add(value);
        }
        return results;
    }

    /// <summary>Receives exactly <paramref name="n"/> messages of type <typeparamref name="T"/>, in order.</summary>
    public IReadOnlyList<T> ReceiveN<T>(int n, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var results = new List<T>(n);
        for (var i = 0; i < n; i++)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_queue.TryTake(out var item, left))
                throw new TestKitException($"Received only {i} of {n} messages before the deadline.");
            LastSender = item.Sender;
            if (item.Message is not T typed)
                throw new TestKitException($"Message {i + 1} of {n}: expected {typeof(T).Name}, got {Describe(item.Message)}.");
            results.Add(typed);
        }
        return results;
    }

    /// <summary>Retries <paramref name="assertion"/> until it passes or <paramref name="duration"/> elapses.</summary>
    public static void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + (duration ?? DefaultTimeout);
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(pause); // polling is what AwaitAssert is: nothing else to wait on
            }
        }
    }

    private (object Message, IActorRef Sender) Next(TimeSpan? timeout, string what)
    {
        var wait = timeout ?? DefaultTimeout;
        if (!_queue.TryTake(out var item, wait))
            throw new TestKitException($"Timeout ({wait.TotalMilliseconds} ms) while waiting for {what}.");
        LastSender = item.Sender;
        return item;
    }

    private static string Describe(object message) => $"{message.GetType().Name} {message}";

    private sealed class ProbeActor(BlockingCollection<(object, IActorRef)> queue) : ActorBase
    {
        public sealed record WatchCommand(IActorRef Target, TaskCompletionSource Done);

        public sealed record UnwatchCommand(IActorRef Target, TaskCompletionSource Done);

        protected internal override bool Receive(object message)
        {
            switch (message)
            {
                case WatchCommand watch:
                    Context.Watch(watch.Target);
                    watch.Done.SetResult();
                    break;
                case UnwatchCommand unwatch:
                    Context.Unwatch(unwatch.Target);
                    unwatch.Done.SetResult();
                    break;
                default:
                    queue.Add((message, Sender));
                    break;
            }
            return true;
        }
    }
}

/// <summary>A TestKit expectation failed.</summary>
public sealed class TestKitException(string message) : Exception(message);
