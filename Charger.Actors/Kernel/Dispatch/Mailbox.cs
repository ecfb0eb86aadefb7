using System.Collections.Concurrent;

namespace Charger.Actors.Kernel.Dispatch;

/// <summary>
/// An actor's two queues and its scheduling state. At most one thread runs an actor at a time: the
/// <c>Scheduled</c> bit is claimed by CAS before the mailbox is queued on the .NET thread pool.
/// A turn processes all system messages, then up to <c>throughput</c> user messages, re-checking
/// system messages before each one.
/// </summary>
/// <remarks>
/// The status word packs, like Akka's: bit 0 = scheduled, bit 1 = closed, bits 2.. = suspend count.
/// The user queue is a <see cref="ConcurrentQueue{T}"/> of struct envelopes: lock-free, FIFO per
/// producer, and allocation-free in steady state because its segments are ring buffers.
/// </remarks>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int ScheduledBit = 1;
    private const int ClosedBit = 2;
    private const int SuspendUnit = 4;

    private readonly ConcurrentQueue<Envelope> _user = new();
    private readonly ConcurrentQueue<SystemMessage> _system = new();
    private readonly int _throughput;
    private readonly ActorCell _cell;
    private readonly DropOldestMailbox? _bound;

    // Queued user messages, kept only when bounded (ConcurrentQueue.Count is too slow to ask per Post).
    private int _queued;

    // Messages put back in front by UnstashAll. Only the thread running the actor touches it.
    private LinkedList<Envelope>? _front;
    private int _status;
    private long _turns;

    public Mailbox(ActorCell cell, int throughput, DropOldestMailbox? bound = null)
    {
        _cell = cell;
        _throughput = throughput;
        _bound = bound;
    }

    /// <summary>Turns run so far (for tests of the throughput batch).</summary>
    internal long Turns => Volatile.Read(ref _turns);

    public bool IsClosed => (Volatile.Read(ref _status) & ClosedBit) != 0;

    public bool IsSuspended => Volatile.Read(ref _status) >= SuspendUnit;

    private bool HasUserMessages => !_user.IsEmpty || _front is { Count: > 0 };

    public void Post(in Envelope envelope)
    {
        _user.Enqueue(envelope);
        if (_bound is not null && Interlocked.Increment(ref _queued) > _bound.Capacity) DropOldest();
        TrySchedule();
    }

    // The sender makes room by taking the oldest message itself. The queue is safe for several
    // consumers; racing the actor's own dequeue can at worst drop one message more than needed.
    private void DropOldest()
    {
        if (!_user.TryDequeue(out var oldest)) return;
        Interlocked.Decrement(ref _queued);
        _cell.System.EventStream.Publish(new Event.Dropped(oldest.Message, $"mailbox capacity {_bound!.Capacity} reached", oldest.Sender, _cell.Self));
        _bound.OnDropped?.Invoke(oldest.Message);
    }

    public void PostSystem(SystemMessage message)
    {
        _system.Enqueue(message);
        TrySchedule();
    }

    public void Suspend() => Interlocked.Add(ref _status, SuspendUnit);

    public void Resume()
    {
        // Never below zero: a Resume for a failure that a restart already cleared is harmless.
        while (true)
        {
            var s = Volatile.Read(ref _status);
            if (s < SuspendUnit) return;
            if (Interlocked.CompareExchange(ref _status, s - SuspendUnit, s) == s) return;
        }
    }

    /// <summary>A restarted actor starts unsuspended, whatever suspensions its old incarnation had.</summary>
    public void ResetSuspension()
    {
        while (true)
        {
            var s = Volatile.Read(ref _status);
            if (Interlocked.CompareExchange(ref _status, s & (ScheduledBit | ClosedBit), s) == s) return;
        }
    }

    public void Close() => Interlocked.Or(ref _status, ClosedBit);

    public bool TryDequeueUser(out Envelope envelope)
    {
        if (_front is { Count: > 0 } front)
        {
            envelope = front.First!.Value;
            front.RemoveFirst();
            return true;
        }
        if (!_user.TryDequeue(out envelope)) return false;
        if (_bound is not null) Interlocked.Decrement(ref _queued);
        return true;
    }

    public bool TryDequeueSystem(out SystemMessage? message) => _system.TryDequeue(out message);

    /// <summary>Puts messages back in front of the queue, in their order (UnstashAll). Actor thread only.</summary>
    public void Prepend(IReadOnlyList<Envelope> envelopes)
    {
        _front ??= new LinkedList<Envelope>();
        for (var i = envelopes.Count - 1; i >= 0; i--) _front.AddFirst(envelopes[i]);
    }

    public void TrySchedule()
    {
        while (true)
        {
            var s = Volatile.Read(ref _status);
            if ((s & (ScheduledBit | ClosedBit)) != 0) return;
            var runnable = !_system.IsEmpty || (s < SuspendUnit && HasUserMessages);
            if (!runnable) return;
            if (Interlocked.CompareExchange(ref _status, s | ScheduledBit, s) == s)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return;
            }
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        var previous = ActorCell.Current;
        ActorCell.Current = _cell;
        _turns++;
        try
        {
            ProcessSystemMessages();
            var left = _throughput;
            while (left-- > 0 && (Volatile.Read(ref _status) & ~ScheduledBit) == 0 && TryDequeueUser(out var envelope))
            {
                _cell.Invoke(envelope);
                if (!_system.IsEmpty) ProcessSystemMessages();
            }
        }
        finally
        {
            ActorCell.Current = previous;
            Interlocked.And(ref _status, ~ScheduledBit);
            // Anything that arrived while the bit was set found it set and did not schedule: look again.
            TrySchedule();
        }
    }

    private void ProcessSystemMessages()
    {
        while ((Volatile.Read(ref _status) & ClosedBit) == 0 && _system.TryDequeue(out var message))
            _cell.SystemInvoke(message);
    }
}
