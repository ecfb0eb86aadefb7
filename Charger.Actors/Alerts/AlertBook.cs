using System.Text.Json;
using System.Text.Json.Serialization;

namespace Charger.Actors.Alerts;

/// <summary>
/// The alerts that are active, the recent history and the rules that cannot observe here, readable from any
/// thread (/api/alerts, /metrics) and written by the <see cref="AlertsActor"/> alone. With a file it is kept
/// across restarts: <c>{data-dir}/alerts.json</c>, version 1, written whole to a temporary file and renamed, so
/// a crash leaves the previous or the new content, never half of one. Alerts active when the process stopped
/// are active again at start, so a condition that is still there does not fire a second time.
/// </summary>
public sealed class AlertBook
{
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };

    private readonly Lock _lock = new();
    private readonly string? _path;
    private readonly int _historySize;
    private readonly Dictionary<AlertKey, Alert> _active = [];
    private readonly LinkedList<Alert> _history = new();
    private readonly Dictionary<(string Rule, string Scope), string> _unavailable = [];

    /// <param name="path">The file that keeps the book across restarts; null keeps it in memory only.</param>
    public AlertBook(string? path = null, int historySize = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historySize, 1);
        _path = path;
        _historySize = historySize;
        if (path is not null && File.Exists(path)) LoadProblem = Load(path);
    }

    /// <summary>Why the file could not be read at start (it was set aside and the book starts empty), or null.</summary>
    public string? LoadProblem { get; }

    public IReadOnlyList<Alert> Active
    {
        get
        {
            lock (_lock) return [.. _active.Values.OrderBy(a => a.FiredAt)];
        }
    }

    /// <summary>Resolved alerts, newest first.</summary>
    public IReadOnlyList<Alert> History
    {
        get
        {
            lock (_lock) return [.. _history];
        }
    }

    /// <summary>Rules that cannot observe on this host, with why (e.g. no thermal zone).</summary>
    public IReadOnlyList<(string Rule, string Scope, string Why)> Unavailable
    {
        get
        {
            lock (_lock) return [.. _unavailable.Select(u => (u.Key.Rule, u.Key.Scope, u.Value)).OrderBy(u => u.Rule)];
        }
    }

    /// <summary>
    /// A fired alert becomes active; a resolved one leaves the active list for the history. Saved at once; a file that
    /// cannot be written (the disk this very rule may be about) keeps the book in memory and says why.
    /// </summary>
    /// <returns>Null when saved (or kept in memory only by design), else why the file could not be written.</returns>
    public string? Apply(Alert alert)
    {
        lock (_lock)
        {
            if (alert.IsActive) _active[alert.Key] = alert;
            else
            {
                _active.Remove(alert.Key);
                _history.AddFirst(alert);
                while (_history.Count > _historySize) _history.RemoveLast();
            }
            try
            {
                Save();
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"{_path} could not be written: {e.Message}";
            }
        }
    }

    public void SetUnavailable(string rule, string scope, string? why)
    {
        lock (_lock)
        {
            if (why is null) _unavailable.Remove((rule, scope));
            else _unavailable[(rule, scope)] = why;
        }
    }

    private void Save()
    {
        if (_path is null) return;
        var file = new BookFile(FormatVersion, [.. _active.Values], [.. _history]);
        var temporary = _path + ".tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, file, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, _path, overwrite: true);
    }

    private string? Load(string path)
    {
        BookFile? file;
        try
        {
            file = JsonSerializer.Deserialize<BookFile>(File.ReadAllText(path), Json);
            if (file is not null && file.Version > FormatVersion)
                throw new JsonException($"alert format version {file.Version}; this release reads up to {FormatVersion}");
        }
        catch (JsonException e)
        {
            // The history is a convenience: a damaged (or newer) file is set aside, never a reason not to start.
            File.Move(path, path + ".damaged", overwrite: true);
            return $"{path} could not be read ({e.Message}); it was moved to {path}.damaged and alerts start empty";
        }
        if (file is null) return null;
        foreach (var alert in file.Active ?? []) _active[alert.Key] = alert with { ResolvedAt = null };
        foreach (var alert in (file.History ?? []).Take(_historySize)) _history.AddLast(alert);
        return null;
    }

    private sealed record BookFile(int Version, List<Alert>? Active, List<Alert>? History);
}
