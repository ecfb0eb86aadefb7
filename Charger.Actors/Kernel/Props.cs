using Charger.Actors.Kernel.Dispatch;

namespace Charger.Actors.Kernel;

/// <summary>
/// An immutable recipe for creating an actor: how to construct it and how it supervises its children.
/// The same Props builds the fresh instance on every restart.
/// </summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type actorType, Func<ActorBase> factory, SupervisorStrategy? strategy, MailboxType? mailbox = null)
    {
        ActorType = actorType;
        _factory = factory;
        SupervisorStrategy = strategy;
        Mailbox = mailbox ?? MailboxType.Unbounded;
    }

    public Type ActorType { get; }

    /// <summary>Overrides the actor's own <see cref="ActorBase.SupervisorStrategy"/> when set.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>How user messages queue up; unbounded unless set.</summary>
    public MailboxType Mailbox { get; }

    public static Props Create<TActor>() where TActor : ActorBase, new() =>
        new(typeof(TActor), static () => new TActor(), null);

    /// <summary>Props from a factory; it runs once per incarnation, so it must build a new instance each time.</summary>
    public static Props Create<TActor>(Func<TActor> factory) where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(TActor), factory, null);
    }

    public Props WithSupervisorStrategy(SupervisorStrategy strategy) =>
        new(ActorType, _factory, strategy ?? throw new ArgumentNullException(nameof(strategy)), Mailbox);

    public Props WithMailbox(MailboxType mailbox) =>
        new(ActorType, _factory, SupervisorStrategy, mailbox ?? throw new ArgumentNullException(nameof(mailbox)));

    internal ActorBase NewActor()
    {
        var actor = _factory();
        return actor ?? throw new InvalidOperationException($"The factory for {ActorType.Name} returned null.");
    }

    public override string ToString() => $"Props({ActorType.Name})";
}
