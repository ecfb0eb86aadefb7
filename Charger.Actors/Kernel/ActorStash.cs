using Charger.Actors.Kernel.Dispatch;

namespace Charger.Actors.Kernel;

/// <summary>The unbounded stash of one actor incarnation; used only on the actor's own turn.</summary>
internal sealed class ActorStash(ActorCell cell) : IStash
{
    private readonly List<Envelope> _items = [];

    public int Count => _items.Count;

    public void Stash()
    {
        var current = cell.CurrentEnvelope;
        if (current.Message is null)
            throw new IllegalActorStateException("Stash() can only be called while the actor handles a message.");
        if (_items.Count > 0 && ReferenceEquals(_items[^1].Message, current.Message))
            throw new IllegalActorStateException($"Cannot stash the same message twice: {current.Message}.");
        _items.Add(current);
    }

    public void Unstash()
    {
        if (_items.Count == 0) return;
        cell.Mailbox.Prepend([_items[0]]);
        _items.RemoveAt(0);
    }

    public void UnstashAll()
    {
        if (_items.Count == 0) return;
        cell.Mailbox.Prepend(_items);
        _items.Clear();
    }
}
