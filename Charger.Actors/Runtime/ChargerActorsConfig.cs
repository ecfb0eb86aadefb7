using Akka.Configuration;
using Charger.Actors.Subscribers;

namespace Charger.Actors.Runtime;

/// <summary>
/// The Akka configuration our actors need in any actor system that runs them (the daemon's and the
/// tests'): the subscriber mailbox. Use it as a fallback under the operator's <c>akka { }</c> settings.
/// </summary>
public static class ChargerActorsConfig
{
    public static readonly Config Default = ConfigurationFactory.ParseString($$"""
        {{SubscriberActor.MailboxId}} {
          mailbox-type = "{{typeof(DropOldestMailbox).FullName}}, {{typeof(DropOldestMailbox).Assembly.GetName().Name}}"
          # each subscriber sets its own from subscribers.mailbox-capacity when it starts
          mailbox-capacity = 1000
        }
        """);
}
