namespace Charger.Actors.Kernel.Dispatch;

/// <summary>
/// How an actor's user messages queue up. System messages are never bounded: supervision and
/// lifecycle must always get through.
/// </summary>
public abstract record MailboxType
{
    /// <summary>No limit (the default), like Akka's <c>UnboundedMailbox</c>.</summary>
    public static readonly MailboxType Unbounded = new UnboundedMailbox();

    /// <summary>Keeps at most <paramref name="capacity"/> messages; a new one pushes out the oldest.</summary>
    public static MailboxType DropOldest(int capacity, Action<object>? onDropped = null) => new DropOldestMailbox(capacity, onDropped);
}

public sealed record UnboundedMailbox : MailboxType;

/// <summary>
/// A bounded mailbox that never blocks the sender: when full, the oldest queued message is dropped,
/// published as <see cref="Event.Dropped"/> on the event stream, and handed to <see cref="OnDropped"/>
/// (on the sender's thread, so keep it cheap). Akka.NET's bounded mailboxes block or dead-letter the
/// newest message instead; for a live event feed the newest is the one worth keeping.
/// </summary>
public sealed record DropOldestMailbox : MailboxType
{
    public DropOldestMailbox(int capacity, Action<object>? onDropped = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        OnDropped = onDropped;
    }

    public int Capacity { get; }

    public Action<object>? OnDropped { get; }
}
