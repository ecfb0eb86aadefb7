using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Charger.Actors.Subscribers;

/// <summary>
/// A bounded mailbox that makes room by dropping its oldest message, so a slow subscriber loses old
/// events instead of blocking the tracker or growing without bound (Akka's own bounded mailbox blocks
/// the sender or drops the newest). Configured in HOCON (<see cref="SubscriberActor.MailboxId"/>,
/// <c>mailbox-capacity</c>); a subscriber binds its own capacity and drop counter to its queue when it
/// starts (<see cref="DropOldestMessageQueue.Bind"/>), since Akka builds mailboxes from configuration alone.
/// </summary>
public sealed class DropOldestMailbox : MailboxType, IProducesMessageQueue<DropOldestMessageQueue>
{
    private readonly int _capacity;

    public DropOldestMailbox(Settings settings, Config config) : base(settings, config)
    {
        _capacity = config.GetInt("mailbox-capacity", 1000);
        if (_capacity < 1)
            throw new ConfigurationException($"mailbox-capacity of {nameof(DropOldestMailbox)} must be at least 1, got {_capacity}.");
    }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new DropOldestMessageQueue(_capacity, system);
}
