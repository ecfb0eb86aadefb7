using Charger.Actors.Serial;

namespace Charger.Tests.Serial;

/// <summary>The device watcher on real folders (inotify): a device whose folder does not exist yet, or goes away and comes back.</summary>
public sealed class DevicePresenceWatcherTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("charger-watch-").FullName;
    private readonly SemaphoreSlim _appeared = new(0);

    [Fact]
    public async Task A_device_in_folders_that_do_not_exist_yet_is_seen_when_they_and_it_are_created()
    {
        var device = Path.Combine(_root, "serial", "by-id", "usb-ESP32");
        using var watcher = new DevicePresenceWatcher(device, "/dev", () => _appeared.Release());
        Assert.Equal(0, watcher.WatchedFolders);

        Directory.CreateDirectory(Path.GetDirectoryName(device)!);
        await File.WriteAllTextAsync(device, "");
        Assert.True(await _appeared.WaitAsync(TimeSpan.FromSeconds(10)), "the device was not reported");
        Assert.Equal(1, watcher.WatchedFolders);
    }

    // The race CI once lost: a folder made between the watcher's existence check and its inotify watch. Twenty
    // quick mkdir -p runs give that narrow window more chances than one; one watcher at a time, because each of its
    // FileSystemWatchers is an inotify instance and Linux allows 128 per user by default.
    [Fact]
    public async Task Folders_made_in_quick_succession_are_followed_every_time()
    {
        for (var run = 0; run < 20; run++)
        {
            var device = Path.Combine(_root, $"run{run}", "serial", "by-id", "usb-ESP32");
            using var appeared = new SemaphoreSlim(0);
            using var watcher = new DevicePresenceWatcher(device, "/dev", () => appeared.Release());
            Directory.CreateDirectory(Path.GetDirectoryName(device)!);
            await File.WriteAllTextAsync(device, "");
            Assert.True(await appeared.WaitAsync(TimeSpan.FromSeconds(10)), $"run {run}: the device was not reported");
        }
    }

    [Fact]
    public async Task A_device_folder_removed_and_created_again_is_watched_again()
    {
        var folder = Path.Combine(_root, "by-id");
        var device = Path.Combine(folder, "usb-ESP32");
        Directory.CreateDirectory(folder);
        using var watcher = new DevicePresenceWatcher(device, "/dev", () => _appeared.Release());
        Assert.Equal(1, watcher.WatchedFolders);

        Directory.Delete(folder);
        await WaitUntil(() => watcher.WatchedFolders == 0);
        Directory.CreateDirectory(folder);
        await WaitUntil(() => watcher.WatchedFolders == 1);
        await File.WriteAllTextAsync(device, "");
        Assert.True(await _appeared.WaitAsync(TimeSpan.FromSeconds(10)), "the device was not reported after its folder came back");
    }

    [Fact]
    public async Task Other_names_in_the_folder_are_not_the_device()
    {
        var device = Path.Combine(_root, "usb-ESP32");
        using var watcher = new DevicePresenceWatcher(device, "/dev", () => _appeared.Release());
        await File.WriteAllTextAsync(Path.Combine(_root, "usb-other"), "");
        await File.WriteAllTextAsync(device, "");
        Assert.True(await _appeared.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(await _appeared.WaitAsync(TimeSpan.FromMilliseconds(300)), "another file was taken for the device");
    }

    // inotify events arrive on the watcher's own thread: nothing to await but the state they leave.
    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the watcher did not follow the folder");
            await Task.Delay(5);
        }
    }

    public void Dispose()
    {
        _appeared.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
