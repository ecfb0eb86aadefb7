namespace Charger.Actors.Kernel;

/// <summary>Request-response with an actor. The timeout is mandatory: an answer that never comes must not hang a caller.</summary>
public static class AskExtensions
{
    public static Task<object> Ask(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Ask<object>(target, message, timeout, cancellationToken);

    /// <summary>
    /// Sends <paramref name="message"/> with a temporary reply address and completes with the reply.
    /// Fails with <see cref="AskTimeoutException"/> after <paramref name="timeout"/> (measured by the
    /// system's TimeProvider) or at once when the target has stopped; with the cause of a
    /// <see cref="Status.Failure"/> reply; with <see cref="InvalidCastException"/> for a reply of another type;
    /// and is cancelled with <paramref name="cancellationToken"/>.
    /// </summary>
    public static Task<T> Ask<T>(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An Ask needs a positive timeout.");
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        if (target is not LocalActorRef local)
            return Task.FromException<T>(new AskTimeoutException($"Recipient [{target}] is not a live actor of this system."));
        if (local.IsTerminated)
            return Task.FromException<T>(new AskTimeoutException($"Recipient [{target}] had already been terminated."));
        var promise = new PromiseActorRef<T>(local.Cell.System, target, message.GetType(), timeout, cancellationToken);
        target.Tell(message, promise);
        return promise.Task;
    }
}
