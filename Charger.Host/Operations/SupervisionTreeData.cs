using Charger.Actors.Supervision;
using Charger.Actors.Subscribers;

namespace Charger.Host.Operations;

/// <summary>
/// <c>GET /api/system/actors</c> as JSON: the <see cref="ActorNode"/> tree of <see cref="SupervisionTree.Inspect"/> with paths relative
/// to the system, and every charger's subscribers from their monitors, since a quarantined
/// subscriber has left the tree but must stay visible with its last error.
/// </summary>
public sealed record SupervisionTreeData(DateTimeOffset TakenAt, bool Running, SupervisionTreeData.Node Tree, IReadOnlyList<SubscriberSnapshot> Subscribers)
{
    public static SupervisionTreeData From(ActorNode root, IEnumerable<SubscriberMonitors> subscribers, bool running, DateTimeOffset takenAt) =>
        new(takenAt, running, Node.From(root), [.. subscribers.SelectMany(s => s.Snapshot())]);

    public sealed record Node(
        string Path,
        string Name,
        string Type,
        ActorState State,
        int Restarts,
        ActorFailure? LastFailure,
        Backoff? Backoff,
        IReadOnlyList<Node> Children)
    {
        public static Node From(ActorNode node) => new(
            node.LocalPath,
            node.Path.Name.Length == 0 ? "/" : node.Path.Name,
            node.ActorType,
            node.State,
            node.Restarts,
            node.LastFailure,
            node.Backoff is { } b
                ? new Backoff(b.Attempts, b.IsBackingOff, b.LastChildFailure)
                : null,
            [.. node.Children.Select(From)]);
    }

    /// <param name="Waiting">No child runs: the next start is pending.</param>
    public sealed record Backoff(int Attempts, bool Waiting, ActorFailure? LastChildFailure);
}
