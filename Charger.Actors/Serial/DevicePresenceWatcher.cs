namespace Charger.Actors.Serial;

/// <summary>
/// Notices a serial device appearing (inotify, through <see cref="FileSystemWatcher"/>: no polling,
/// no CPU while idle) and says so, so a link that is backing off can retry at once instead of
/// waiting out a delay of up to 10 s. It only shortens waits: failures still back off as usual.
/// Watches the folder of the configured device path, or the discovery folders when there is none.
/// </summary>
/// <remarks>
/// A device folder can itself come and go: udev removes <c>/dev/serial/by-id</c> with the last USB serial
/// adapter and creates it again with the next one, and an inotify watch dies with its folder. So each
/// folder is watched from its nearest existing ancestor while it is missing, and from its parent while it
/// exists; when the folder (re)appears the watch moves into it and a device already in it counts as appeared.
/// </remarks>
public sealed class DevicePresenceWatcher : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Action _appeared;
    private readonly List<Target> _targets = [];
    private bool _disposed;

    public DevicePresenceWatcher(string? devicePath, string deviceDirectory, Action appeared)
    {
        ArgumentNullException.ThrowIfNull(appeared);
        _appeared = appeared;
        if (devicePath is not null)
        {
            var full = Path.GetFullPath(devicePath);
            _targets.Add(new Target(Path.GetDirectoryName(full)!, Path.GetFileName(full)));
        }
        else
        {
            _targets.Add(new Target(Path.GetFullPath(deviceDirectory), null));
            _targets.Add(new Target(Path.GetFullPath(Path.Combine(deviceDirectory, "serial", "by-id")), null));
        }
        lock (_gate)
            foreach (var target in _targets) Arm(target);
    }

    /// <summary>How many device folders are watched directly (the others wait for their folder to appear).</summary>
    public int WatchedFolders
    {
        get
        {
            lock (_gate) return _targets.Count(t => t.Watchers.Count > 0 && t.WatchingFolder);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var target in _targets) target.Disarm();
        }
    }

    /// <summary>
    /// Watches the target's folder if it exists, else its nearest existing ancestor for the next folder on the
    /// way; and that watched folder's parent, because a watch dies with its folder. Any change on the way re-arms.
    /// </summary>
    private void Arm(Target target)
    {
        // inotify sees only what happens after a watch exists: a folder made between the existence check and
        // the watch (mkdir -p, udev) raises no event here, so look again once the watches are in place.
        while (ArmOnce(target)) { }
    }

    /// <returns>True when the folders changed while they were being watched, and arming must be done again.</returns>
    private bool ArmOnce(Target target)
    {
        target.Disarm();
        if (_disposed) return false;
        var watched = target.Folder;
        while (!Directory.Exists(watched))
        {
            if (Path.GetDirectoryName(watched) is not { } up) return false;
            watched = up;
        }
        target.WatchingFolder = watched == target.Folder;
        if (target.WatchingFolder)
        {
            target.Watchers.Add(Watch(watched, name =>
            {
                if (target.Name is null || string.Equals(name, target.Name, StringComparison.Ordinal)) _appeared();
            }));
        }
        else
        {
            var next = NextLevel(watched, target.Folder);
            target.Watchers.Add(Watch(watched, name =>
            {
                if (string.Equals(name, next, StringComparison.Ordinal)) Rearm(target);
            }));
        }
        if (Path.GetDirectoryName(watched) is { } parent)
        {
            var own = Path.GetFileName(watched);
            target.Watchers.Add(Watch(parent, name =>
            {
                if (string.Equals(name, own, StringComparison.Ordinal)) Rearm(target);
            }, deletions: true));
        }
        return !Directory.Exists(watched)
            || (!target.WatchingFolder && Directory.Exists(Path.Combine(watched, NextLevel(watched, target.Folder))));
    }

    /// <summary>Something on the way to the folder changed: arm again, and report a device that is already there.</summary>
    private void Rearm(Target target)
    {
        bool present;
        lock (_gate)
        {
            if (_disposed) return;
            // Folders created in quick succession (mkdir -p) may all exist by now: Arm goes as deep as it can.
            Arm(target);
            present = target.WatchingFolder && (target.Name is null
                ? Directory.EnumerateFileSystemEntries(target.Folder).Any()
                : Path.Exists(Path.Combine(target.Folder, target.Name)));
        }
        if (present) _appeared();
    }

    private static string NextLevel(string ancestor, string folder)
    {
        var relative = Path.GetRelativePath(ancestor, folder);
        var separator = relative.IndexOf(Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return separator < 0 ? relative : relative[..separator];
    }

    private static FileSystemWatcher Watch(string folder, Action<string?> changed, bool deletions = false)
    {
        var watcher = new FileSystemWatcher(folder)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName,
            IncludeSubdirectories = false,
        };
        watcher.Created += (_, e) => changed(e.Name);
        watcher.Renamed += (_, e) =>
        {
            changed(e.Name);
            if (deletions) changed(e.OldName);
        };
        if (deletions) watcher.Deleted += (_, e) => changed(e.Name);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private sealed class Target(string folder, string? name)
    {
        public string Folder { get; } = folder;

        /// <summary>The device's file name, or null for any entry (discovery).</summary>
        public string? Name { get; } = name;

        public List<FileSystemWatcher> Watchers { get; } = [];

        public bool WatchingFolder { get; set; }

        public void Disarm()
        {
            foreach (var watcher in Watchers) watcher.Dispose();
            Watchers.Clear();
            WatchingFolder = false;
        }
    }
}
