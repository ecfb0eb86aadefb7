using Charger.Actors.Charging;

namespace Charger.Actors.Subscribers;

/// <summary>
/// Where a subscriber delivers charger events (Serilog's sink idea): a log, a webhook, the live
/// stream. A sink only delivers; its <see cref="SubscriberActor"/> brings the mailbox, retries,
/// timeout and restarts, so a sink may throw, block or be slow without harming anyone else.
/// A new sink is created for every incarnation of its actor; if it is disposable it is disposed
/// when that incarnation ends.
/// </summary>
public interface IEventSink
{
    Task EmitAsync(ChargerEvent evt, CancellationToken cancellationToken);
}
