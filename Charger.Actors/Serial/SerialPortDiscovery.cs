namespace Charger.Actors.Serial;

/// <summary>
/// Finds the port to open: the configured path if there is one, else the first entry of
/// <c>/dev/serial/by-id</c> (stable names that survive re-plugging), then <c>/dev/ttyUSB*</c>, then
/// <c>/dev/ttyACM*</c>, each group sorted (ttyUSB2 before ttyUSB10).
/// </summary>
public static class SerialPortDiscovery
{
    public const string DefaultDeviceDirectory = "/dev";

    /// <summary>
    /// The configured path as given (not checked here: a device may appear later, and opening a missing one
    /// fails with a <see cref="SerialPortNotFoundException"/> naming it), else the first candidate.
    /// </summary>
    /// <param name="configuredPath">The configured port; null or blank means discover.</param>
    /// <param name="deviceDirectory">Where to look instead of /dev (tests).</param>
    /// <exception cref="SerialPortNotFoundException">Nothing configured and nothing found.</exception>
    public static string Find(string? configuredPath, string deviceDirectory = DefaultDeviceDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
            return configuredPath;
        var candidates = ListCandidates(deviceDirectory);
        if (candidates.Count > 0)
            return candidates[0];
        throw new SerialPortNotFoundException(deviceDirectory,
            $"No serial port found: {System.IO.Path.Combine(deviceDirectory, "serial", "by-id")} has no entries and there is no " +
            $"{System.IO.Path.Combine(deviceDirectory, "ttyUSB*")} or {System.IO.Path.Combine(deviceDirectory, "ttyACM*")}. " +
            "Is the ESP32 plugged in? Otherwise configure the port path.");
    }

    /// <summary>Every candidate in preference order: by-id entries, then ttyUSB*, then ttyACM*.</summary>
    public static IReadOnlyList<string> ListCandidates(string deviceDirectory = DefaultDeviceDirectory)
    {
        var result = new List<string>();
        var byId = System.IO.Path.Combine(deviceDirectory, "serial", "by-id");
        result.AddRange(Entries(byId).Order(StringComparer.Ordinal));
        result.AddRange(Numbered(deviceDirectory, "ttyUSB"));
        result.AddRange(Numbered(deviceDirectory, "ttyACM"));
        return result;
    }

    private static IEnumerable<string> Numbered(string directory, string prefix) =>
        Entries(directory, prefix + "*")
            .Select(path => (path, number: System.IO.Path.GetFileName(path)[prefix.Length..]))
            .Where(e => e.number.Length is > 0 and < 9 && e.number.All(char.IsAsciiDigit))
            .OrderBy(e => int.Parse(e.number, System.Globalization.CultureInfo.InvariantCulture))
            .Select(e => e.path);

    private static IEnumerable<string> Entries(string directory, string pattern = "*")
    {
        if (!Directory.Exists(directory))
            return [];
        try
        {
            // Device nodes and symlinks to them are "files" to .NET; directories are skipped.
            return Directory.GetFiles(directory, pattern, SearchOption.TopDirectoryOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
