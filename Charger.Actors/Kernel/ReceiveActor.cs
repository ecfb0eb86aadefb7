namespace Charger.Actors.Kernel;

/// <summary>
/// An actor whose behaviour is a list of typed handlers, tried in registration order. Register them in
/// the constructor, or inside <see cref="Become"/>/<see cref="BecomeStacked"/> to switch behaviour.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private readonly HandlerSet _initial = new();
    private HandlerSet? _building;

    protected ReceiveActor() => _building = _initial;

    /// <summary>Handles messages of type <typeparamref name="T"/> (optionally only those matching <paramref name="shouldHandle"/>).</summary>
    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Building().Add(new Handler<T>(handler, shouldHandle));
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> that match <paramref name="shouldHandle"/>.</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) => Receive(handler, shouldHandle);

    /// <summary>
    /// Handles messages of type <typeparamref name="T"/> asynchronously. While the returned task runs,
    /// the actor takes no other user message; continuations run on the actor's own turn, so state
    /// and <c>Sender</c> are safe to use after <c>await</c>.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var cell = (ActorCell)Context;
        Building().Add(new Handler<T>(m => cell.RunTask(() => handler(m)), shouldHandle));
    }

    /// <summary>Handles any message not matched by an earlier handler.</summary>
    protected void ReceiveAny(Action<object> handler) => Receive(handler);

    /// <summary>Replaces the behaviour with the handlers registered by <paramref name="configure"/>.</summary>
    protected void Become(Action configure) => Context.Become(Build(configure).TryHandle);

    /// <summary>Pushes the handlers registered by <paramref name="configure"/>; <see cref="UnbecomeStacked"/> pops them.</summary>
    protected void BecomeStacked(Action configure) => Context.BecomeStacked(Build(configure).TryHandle);

    protected void UnbecomeStacked() => Context.UnbecomeStacked();

    protected internal sealed override bool Receive(object message)
    {
        // Registration ends with the constructor: a later Receive<T> outside Become is a mistake.
        _building = null;
        return _initial.TryHandle(message);
    }

    private HandlerSet Build(Action configure)
    {
        var previous = _building;
        var set = new HandlerSet();
        _building = set;
        try
        {
            configure();
        }
        finally
        {
            _building = previous;
        }
        return set;
    }

    private HandlerSet Building() => _building ?? throw new InvalidOperationException(
        "Receive<T> can only be called in the constructor or inside Become/BecomeStacked.");

    private abstract class Handler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class Handler<T>(Action<T> action, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed))) return false;
            action(typed);
            return true;
        }
    }

    private sealed class HandlerSet
    {
        private Handler[] _handlers = [];

        public void Add(Handler handler) => _handlers = [.. _handlers, handler];

        public bool TryHandle(object message)
        {
            foreach (var handler in _handlers)
                if (handler.TryHandle(message)) return true;
            return false;
        }
    }
}
