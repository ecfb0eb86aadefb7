using Charger.Actors.Runtime;
using Charger.Actors.Charging;
using Akka.Actor;
using Polly;
using Polly.Retry;

namespace Charger.Actors.Subscribers;

/// <summary>
/// One subscriber: takes events from its own bounded mailbox one at a time and hands each to its
/// sink, retrying with exponential backoff (Polly) and bounding each attempt by a timeout. While it
/// works on one event its mailbox does not run, so a slow sink only fills its own mailbox (oldest
/// dropped, counted). An event that fails every retry is counted and fails the actor, so its
/// supervisor restarts it with a fresh sink, or quarantines it once the budget is spent.
/// </summary>
public sealed class SubscriberActor : ReceiveActor
{
    private readonly SubscriberDefinition _definition;
    private readonly SubscriberMonitor _monitor;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _retry;
    private readonly CancellationTokenSource _stopping = new();
    private IEventSink? _sink;

    public SubscriberActor(SubscriberDefinition definition, SubscriberMonitor monitor)
    {
        _definition = definition;
        _monitor = monitor;
        _time = Context.System.GetTimeProvider();
        _retry = BuildRetry(definition.Options, _time);
        // Akka builds the mailbox from HOCON alone: this subscriber's own capacity and drop counter go on it here.
        if ((Context as ActorCell)?.Mailbox?.MessageQueue is DropOldestMessageQueue queue)
        {
            queue.Bind(definition.Options.MailboxCapacity, _ => monitor.Dropped());
            monitor.WatchMailbox(queue); // the same queue in every incarnation: Akka keeps the mailbox over a restart
        }

        ReceiveAsync<ChargerEvent>(DeliverAsync);
    }

    /// <summary>The HOCON path of the subscribers' mailbox (<see cref="DropOldestMailbox"/>; see <c>ChargerActorsConfig</c>).</summary>
    public const string MailboxId = "charger.subscriber-mailbox";

    /// <summary>Props with the bounded, drop-oldest mailbox that counts into <paramref name="monitor"/>.</summary>
    public static Props Props(SubscriberDefinition definition, SubscriberMonitor monitor) =>
        Akka.Actor.Props.Create(() => new SubscriberActor(definition, monitor)).WithMailbox(MailboxId);

    protected override void PreStart() => _sink = _definition.CreateSink();

    protected override void PostRestart(Exception reason)
    {
        _monitor.Restarted();
        base.PostRestart(reason);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        switch (_sink)
        {
            case IAsyncDisposable async:
                // Disposal must not hold up the actor's stop; a sink that fails to dispose has nothing left to lose.
                _ = async.DisposeAsync().AsTask();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    private async Task DeliverAsync(ChargerEvent evt)
    {
        var sink = _sink!;
        try
        {
            await _retry.ExecuteAsync(async token =>
            {
                // Task.Run: a sink that blocks its calling thread must not block this actor's turn,
                // and the timeout below must still fire.
                var attempt = Task.Run(() => sink.EmitAsync(evt, token), token);
                await attempt.WaitAsync(_definition.Options.AttemptTimeout, _time, token).ConfigureAwait(false);
            }, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return; // stopped mid-delivery: nothing failed
        }
        catch (Exception error)
        {
            _monitor.Failed(error, _time.GetUtcNow());
            throw new SubscriberDeliveryException(_definition.Name, evt.Sequence, error);
        }
        _monitor.Delivered(evt.Sequence);
    }

    private static ResiliencePipeline BuildRetry(SubscriberOptions options, TimeProvider time)
    {
        if (options.MaxRetries == 0) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            })
            .Build();
    }
}
