using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;

namespace Charger.Tests.TestKit;

/// <summary>
/// An Akka scheduler (<c>akka.scheduler.implementation</c>) driven by a test's <see cref="ManualTimeProvider"/>,
/// so actors' timers, backoff delays and the ESP32 simulator all move with one virtual clock, in order,
/// periodic timers as often as they fall due. Akka.TestKit's own TestScheduler fires a periodic timer at
/// most once per Advance and has no clock to share with the simulator. Akka creates schedulers from
/// (Config, log) alone, so the clock is found in <see cref="Clocks"/> by the id under <see cref="ClockKey"/>.
/// </summary>
public sealed class ManualTimeScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider
{
    public const string ClockKey = "charger.test.manual-clock";

    private static readonly ConcurrentDictionary<string, TimeProvider> Clocks = new();
    private readonly TimeProvider _time;
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();

    public ManualTimeScheduler(Config config, ILoggingAdapter log) : base(config, log)
    {
        var id = config.GetString(ClockKey);
        _time = id is not null && Clocks.TryGetValue(id, out var time)
            ? time
            : throw new ConfigurationException($"{ClockKey} names no registered clock ('{id}').");
    }

    /// <summary>The HOCON that makes an actor system run its scheduler on <paramref name="time"/>.</summary>
    public static Config ConfigFor(TimeProvider time)
    {
        var id = Guid.NewGuid().ToString("N");
        Clocks[id] = time;
        return ConfigurationFactory.ParseString($$"""
            akka.scheduler.implementation = "{{typeof(ManualTimeScheduler).AssemblyQualifiedName}}"
            {{ClockKey}} = "{{id}}"
            """);
    }

    protected override DateTimeOffset TimeNow => _time.GetUtcNow();

    // Elapsed-time checks inside Akka (restart windows, TestKit deadlines) stay on real time.
    public override TimeSpan MonotonicClock => System.Diagnostics.Stopwatch.GetElapsedTime(_started);

    public override TimeSpan HighResMonotonicClock => System.Diagnostics.Stopwatch.GetElapsedTime(_started);

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(delay, null, () => receiver.Tell(message, sender), cancelable);

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message,
        IActorRef sender, ICancelable cancelable) =>
        Schedule(initialDelay, interval, () => receiver.Tell(message, sender), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Schedule(delay, null, action, cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, Akka.Dispatch.IRunnable action, ICancelable cancelable) =>
        Schedule(delay, null, action.Run, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Schedule(initialDelay, interval, action, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Akka.Dispatch.IRunnable action,
        ICancelable cancelable) =>
        Schedule(initialDelay, interval, action.Run, cancelable);

    private void Schedule(TimeSpan delay, TimeSpan? interval, Action run, ICancelable? cancelable)
    {
        if (cancelable?.IsCancellationRequested == true) return;
        if (delay <= TimeSpan.Zero && interval is null)
        {
            run(); // due now: like Akka's own scheduler, not on the next Advance
            return;
        }
        ITimer? timer = null;
        timer = _time.CreateTimer(_ =>
        {
            if (cancelable?.IsCancellationRequested == true)
            {
                timer?.Dispose();
                return;
            }
            run();
            if (interval is null) timer?.Dispose();
        }, null, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, interval ?? Timeout.InfiniteTimeSpan);
        cancelable?.Token.Register(() => timer.Dispose());
    }
}
