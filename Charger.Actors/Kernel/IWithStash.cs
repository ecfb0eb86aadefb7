namespace Charger.Actors.Kernel;

/// <summary>Marks an actor that can set messages aside; the kernel sets <see cref="Stash"/> on each new instance.</summary>
public interface IWithStash
{
    IStash Stash { get; set; }
}

/// <summary>Messages set aside by an actor, to be handled later in their original order.</summary>
public interface IStash
{
    /// <summary>Sets the message being handled aside (with its sender).</summary>
    void Stash();

    /// <summary>Puts the oldest stashed message back in front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts all stashed messages back in front of the mailbox, oldest first.</summary>
    void UnstashAll();

    int Count { get; }
}
