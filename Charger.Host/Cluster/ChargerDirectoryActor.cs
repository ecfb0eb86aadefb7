using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using Charger.Actors.Station;

namespace Charger.Host.Cluster;

/// <summary>
/// <c>/user/charger-directory</c>: puts this node's chargers into the site's directory and keeps the node's
/// <see cref="SiteCluster"/> view of it current. The directory is a Distributed Data <see cref="LWWDictionary{TKey,TValue}"/>
/// (charger id → owning node's address), not DistributedPubSub: any node answers "who owns cp-3?" from its own
/// replica without asking anyone, a node that joins gets the whole directory by gossip, and a dead node's entries
/// stay (shown unreachable, then gone) until it comes back and writes them again.
/// </summary>
public sealed class ChargerDirectoryActor : ReceiveActor
{
    public const string Name = "charger-directory";

    public static readonly LWWDictionaryKey<string, string> Key = new("charger-directory");

    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ChargerDirectoryActor(ChargerRegistry registry, SiteCluster site)
    {
        var replicator = DistributedData.Get(Context.System).Replicator;
        var self = Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress;
        var address = site.SelfAddress.ToString();

        Receive<Changed>(changed =>
        {
            var directory = changed.Get(Key);
            var locations = new List<ChargerLocation>();
            foreach (var (id, node) in directory.Entries.Select(e => (e.Key, e.Value)))
            {
                if (!TryParse(node, out var owner)) continue;
                locations.Add(new ChargerLocation(id, owner));
                if (owner != site.SelfAddress && registry.TryGet(id, out _))
                    _log.Warning("Charger id {0} is configured on this node and on {1}: charger ids must be unique in the site", id, node);
            }
            site.Replace(locations);
        });
        Receive<UpdateSuccess>(_ => { });
        Receive<IUpdateFailure>(failure => _log.Warning("The charger directory could not be updated: {0}", failure));

        replicator.Tell(Dsl.Subscribe(Key, Self));
        // Local writes: gossip spreads them within a second or two, and a node alone (its seed down) still lists its own.
        replicator.Tell(Dsl.Update(Key, LWWDictionary<string, string>.Empty, WriteLocal.Instance,
            directory => registry.All.Aggregate(directory, (d, handle) => d.SetItem(self, handle.Id, address))));
    }

    private static bool TryParse(string text, out Address address)
    {
        try
        {
            address = Address.Parse(text);
            return true;
        }
        catch (UriFormatException)
        {
            address = Address.AllSystems;
            return false;
        }
    }

    public static Props Props(ChargerRegistry registry, SiteCluster site) =>
        Akka.Actor.Props.Create(() => new ChargerDirectoryActor(registry, site));
}
