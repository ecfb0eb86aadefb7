namespace Charger.Actors.Kernel;

/// <summary>Stops the actor when it reaches the front of the mailbox (messages before it are handled first).</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    public static readonly PoisonPill Instance = new();

    private PoisonPill() { }

    public override string ToString() => "PoisonPill";
}

/// <summary>Makes the actor fail with <see cref="ActorKilledException"/>, so its supervisor decides (default: stop).</summary>
public sealed class Kill : IAutoReceivedMessage
{
    public static readonly Kill Instance = new();

    private Kill() { }

    public override string ToString() => "Kill";
}

/// <summary>Messages the kernel handles itself before the actor's behaviour sees them.</summary>
public interface IAutoReceivedMessage;
