using System.Collections.Concurrent;

namespace Charger.Actors.Station;

/// <summary>
/// Finds a charger by id (case-insensitive, as ids appear in URLs). Filled by the
/// <see cref="ChargersSupervisor"/>; read from any thread, for example by HTTP requests.
/// </summary>
public sealed class ChargerRegistry
{
    private readonly ConcurrentDictionary<string, ChargerHandle> _byId = new(StringComparer.OrdinalIgnoreCase);
    private volatile ChargerHandle[] _inOrder = [];

    /// <summary>Chargers in configuration order.</summary>
    public IReadOnlyList<ChargerHandle> All => _inOrder;

    /// <summary>The first configured charger: the one the predecessor's routes (<c>/api/status</c>...) mean.</summary>
    public ChargerHandle? Default => _inOrder is [var first, ..] ? first : null;

    public bool TryGet(string id, out ChargerHandle handle) => _byId.TryGetValue(id, out handle!);

    internal void Register(ChargerHandle handle)
    {
        lock (_byId)
        {
            _byId[handle.Id] = handle;
            var list = _inOrder.ToList();
            var index = list.FindIndex(h => string.Equals(h.Id, handle.Id, StringComparison.OrdinalIgnoreCase));
            if (index < 0) list.Add(handle);
            else list[index] = handle; // a restarted supervisor re-registers in place
            _inOrder = [.. list];
        }
    }
}
