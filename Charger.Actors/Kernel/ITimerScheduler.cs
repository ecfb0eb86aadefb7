namespace Charger.Actors.Kernel;

/// <summary>
/// Keyed timers that send messages to the actor itself. Starting a timer with a key that is in use
/// replaces it, and a message of a replaced or cancelled timer is never delivered, even if it was
/// already queued. All timers are cancelled when the actor stops or restarts.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan delay);

    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    bool IsTimerActive(object key);

    void Cancel(object key);

    void CancelAll();
}
