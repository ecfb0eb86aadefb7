using Charger.Actors.Kernel.Dispatch;

namespace Charger.Actors.Kernel;

/// <summary>
/// The one-shot reply address of an Ask. Continuations of the task run asynchronously, so the
/// asker's code never runs inside the replying actor's turn.
/// </summary>
internal sealed class PromiseActorRef<T> : IInternalActorRef
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorSystem _system;
    private readonly IActorRef _target;
    private readonly Type _messageType;
    private readonly TimeSpan _timeout;
    private readonly ITimer? _timer;
    private readonly CancellationTokenRegistration _cancellation;
    private ActorPath? _path;

    public PromiseActorRef(ActorSystem system, IActorRef target, Type messageType, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _system = system;
        _target = target;
        _messageType = messageType;
        _timeout = timeout;
        _timer = system.TimeProvider.CreateTimer(static s => ((PromiseActorRef<T>)s!).OnTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
            _cancellation = cancellationToken.Register(static (s, ct) => ((PromiseActorRef<T>)s!).OnCancel(ct), this);
        if (_completion.Task.IsCompleted) Cleanup(); // timed out or cancelled before the fields were set
    }

    public Task<T> Task => _completion.Task;

    public ActorPath Path => _path ??= _system.NewTempPath();

    public bool IsTerminated => _completion.Task.IsCompleted;

    public void Tell(object message, IActorRef? sender)
    {
        var completed = message switch
        {
            Status.Failure failure => _completion.TrySetException(failure.Cause),
            T reply => _completion.TrySetResult(reply),
            _ => _completion.TrySetException(new InvalidCastException(
                $"Ask of {_target.Path} expected a reply of type {typeof(T).Name} but got {message.GetType().Name}.")),
        };
        if (completed) Cleanup();
        else _system.DeadLetters.Tell(message, sender); // a second or late reply
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && IsTerminated)
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: false));
    }

    private void OnTimeout()
    {
        if (_completion.TrySetException(new AskTimeoutException(
                $"Ask timed out after {_timeout.TotalMilliseconds} ms waiting for {_target.Path} to reply to {_messageType.Name}.")))
            Cleanup();
    }

    private void OnCancel(CancellationToken token)
    {
        if (_completion.TrySetCanceled(token)) Cleanup();
    }

    private void Cleanup()
    {
        _timer?.Dispose();
        _cancellation.Dispose();
    }

    public override string ToString() => $"Promise[{Path}]";
}
