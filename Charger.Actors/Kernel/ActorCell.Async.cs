using Charger.Actors.Kernel.Dispatch;

namespace Charger.Actors.Kernel;

/// <summary>
/// Async handlers (ReceiveAsync). While a handler's task is pending the mailbox is suspended for
/// user messages; its continuations are posted back as system messages through
/// <see cref="ActorSynchronizationContext"/>, so they run on the actor's turn with the original
/// Sender. A restart or stop bumps the generation, which turns late continuations into no-ops.
/// </summary>
internal sealed partial class ActorCell
{
    private int _asyncGeneration;
    private bool _awaiting;
    private Envelope _asyncEnvelope;
    private ActorSynchronizationContext? _asyncContext;

    internal void RunTask(Func<Task> handler)
    {
        var generation = ++_asyncGeneration;
        var context = new ActorSynchronizationContext(this, generation);
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        Task task;
        try
        {
            task = handler();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult(); // rethrows a synchronous failure to the normal failure path
            return;
        }
        _awaiting = true;
        _asyncEnvelope = _current;
        _asyncContext = context;
        Mailbox.Suspend();
        task.ContinueWith(
            static (t, state) =>
            {
                var (cell, gen) = ((ActorCell, int))state!;
                cell.Self.SendSystemMessage(new AsyncHandlerCompleted(t, gen));
            },
            (this, generation), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void RunContinuation(RunContinuation continuation)
    {
        if (!_awaiting || continuation.Generation != _asyncGeneration) return; // from a previous incarnation
        var saved = _current;
        var previous = SynchronizationContext.Current;
        _current = _asyncEnvelope;
        SynchronizationContext.SetSynchronizationContext(_asyncContext);
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            _current = saved;
        }
    }

    private void AsyncHandlerCompleted(AsyncHandlerCompleted completed)
    {
        if (!_awaiting || completed.Generation != _asyncGeneration) return;
        var envelope = _asyncEnvelope;
        EndAwaiting();
        Mailbox.Resume();
        if (completed.Task.IsFaulted || completed.Task.IsCanceled)
        {
            var error = completed.Task.Exception?.InnerException ?? new TaskCanceledException(completed.Task);
            HandleInvokeFailure(error, envelope.Message, escalatedFrom: null);
        }
    }

    private void CancelTimersAndAsync()
    {
        _timers?.CancelAll();
        if (_awaiting)
        {
            _asyncGeneration++;
            EndAwaiting();
            Mailbox.Resume();
        }
    }

    private void EndAwaiting()
    {
        _awaiting = false;
        _asyncEnvelope = default;
        _asyncContext = null;
    }
}

/// <summary>Routes the continuations of an async handler back into its actor's turn.</summary>
internal sealed class ActorSynchronizationContext(ActorCell cell, int generation) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) =>
        cell.Self.SendSystemMessage(new RunContinuation(d, state, generation));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send into an actor would deadlock; use Post.");

    public override SynchronizationContext CreateCopy() => this;
}
