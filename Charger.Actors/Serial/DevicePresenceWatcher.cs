namespace Charger.Actors.Serial;

/// <summary>
/// Notices a serial device appearing (inotify, through <see cref="FileSystemWatcher"/>: no polling,
/// no CPU while idle) and says so, so a link that is backing off can retry at once instead of
/// waiting out a delay of up to 10 s. It only shortens waits: failures still back off as usual.
/// Watches the folder of the configured device path, or the discovery folders when there is none.
/// </summary>
public sealed class DevicePresenceWatcher : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];

    public DevicePresenceWatcher(string? devicePath, string deviceDirectory, Action appeared)
    {
        ArgumentNullException.ThrowIfNull(appeared);
        var folders = devicePath is not null
            ? [Path.GetDirectoryName(Path.GetFullPath(devicePath))!]
            : new[] { deviceDirectory, Path.Combine(deviceDirectory, "serial", "by-id") };
        var name = devicePath is null ? null : Path.GetFileName(devicePath);
        foreach (var folder in folders.Where(Directory.Exists))
        {
            var watcher = new FileSystemWatcher(folder)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName,
                IncludeSubdirectories = false,
            };
            void OnEvent(string? changed)
            {
                if (name is null || string.Equals(changed, name, StringComparison.Ordinal)) appeared();
            }
            watcher.Created += (_, e) => OnEvent(e.Name);
            watcher.Renamed += (_, e) => OnEvent(e.Name);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    /// <summary>How many folders are watched (none when none of them exists yet).</summary>
    public int WatchedFolders => _watchers.Count;

    public void Dispose()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
        _watchers.Clear();
    }
}
