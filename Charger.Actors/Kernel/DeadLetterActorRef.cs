using Charger.Actors.Kernel.Dispatch;
using Charger.Actors.Kernel.Event;
using Microsoft.Extensions.Logging;

namespace Charger.Actors.Kernel;

/// <summary>Where undeliverable messages go: each becomes a <see cref="DeadLetter"/> on the event stream.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system, ActorPath path, ILogger log) : IInternalActorRef
{
    public ActorPath Path { get; } = path;

    /// <summary>Like Akka's: it never processes anything, so asking it fails at once and watching it yields Terminated.</summary>
    public bool IsTerminated => true;

    public void Tell(object message, IActorRef? sender)
    {
        var letter = message as DeadLetter ?? new DeadLetter(message, sender, this);
        if (log.IsEnabled(LogLevel.Debug))
            log.LogDebug("Dead letter {Message} from {Sender} to {Recipient}",
                letter.Message.GetType().Name, letter.Sender?.Path, letter.Recipient.Path);
        system.EventStream.Publish(letter);
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch)
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: false));
    }

    public override string ToString() => "DeadLetters";
}
