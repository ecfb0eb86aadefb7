using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Dispatch.MessageQueues;
using Akka.Event;

namespace Charger.Actors.Subscribers;

/// <summary>
/// The queue of a <see cref="DropOldestMailbox"/>: lock-free, FIFO, at most <see cref="Capacity"/>
/// messages. A sender that finds it full takes the oldest message out itself, publishes it as Akka's
/// <see cref="Dropped"/> and reports it to the bound counter.
/// </summary>
public sealed class DropOldestMessageQueue(int capacity, ActorSystem system) : IMessageQueue
{
    private readonly ConcurrentQueue<Envelope> _queue = new();
    private Action<object>? _onDropped;
    private int _capacity = capacity;

    // Counted apart: ConcurrentQueue.Count is too slow to ask on every enqueue.
    private int _count;

    public int Capacity => Volatile.Read(ref _capacity);

    public bool HasMessages => !_queue.IsEmpty;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Sets the capacity of this actor's queue and what to call for each dropped message.</summary>
    public void Bind(int capacity, Action<object> onDropped)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Volatile.Write(ref _onDropped, onDropped);
        Volatile.Write(ref _capacity, capacity);
    }

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        _queue.Enqueue(envelope);
        if (Interlocked.Increment(ref _count) <= Capacity) return;
        // Racing the actor's own dequeue can at worst drop one message more than needed.
        if (!_queue.TryDequeue(out var oldest)) return;
        Interlocked.Decrement(ref _count);
        system.EventStream.Publish(new Dropped(oldest.Message, $"mailbox capacity {Capacity} reached", oldest.Sender, receiver));
        Volatile.Read(ref _onDropped)?.Invoke(oldest.Message);
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (!_queue.TryDequeue(out envelope)) return false;
        Interlocked.Decrement(ref _count);
        return true;
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }
}
