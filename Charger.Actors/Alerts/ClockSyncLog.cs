using System.Text.Json;
using System.Text.Json.Serialization;

namespace Charger.Actors.Alerts;

/// <summary>
/// When the kernel said the clock was not synchronised, as the clock rule observes it every evaluation, kept in
/// <c>{data-dir}/clock-unsynchronised.json</c> (version 1, the last 100 periods) so a session can be flagged without
/// a change to the session tables: a session whose start time falls in a period started while the clock was wrong.
/// A period's ends are read on the clock of their moment, so one that closes after NTP stepped the clock spans both
/// the wrong times and the right one; a period still open covers every later time.
/// </summary>
public sealed class ClockSyncLog
{
    public const int FormatVersion = 1;
    private const int MaxPeriods = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _lock = new();
    private readonly string? _path;
    private List<Period> _periods = [];

    public ClockSyncLog(string? path = null)
    {
        _path = path;
        if (path is null || !File.Exists(path)) return;
        try
        {
            var file = JsonSerializer.Deserialize<LogFile>(File.ReadAllText(path), Json);
            if (file is { Version: <= FormatVersion, Periods: { } periods }) _periods = periods;
        }
        catch (JsonException)
        {
            // only a flag in the API is lost; the next observation starts a new file
        }
    }

    public IReadOnlyList<Period> Periods
    {
        get
        {
            lock (_lock) return [.. _periods];
        }
    }

    /// <summary>One observation of the kernel's state.</summary>
    public void Observe(bool synchronised, DateTimeOffset now)
    {
        lock (_lock)
        {
            var open = _periods.Count > 0 && _periods[^1].Until is null;
            if (synchronised == !open) return; // nothing changed
            if (synchronised) _periods[^1] = _periods[^1] with { Until = now };
            else
            {
                _periods.Add(new Period(now, null));
                if (_periods.Count > MaxPeriods) _periods.RemoveAt(0);
            }
            Save();
        }
    }

    /// <summary>Whether <paramref name="at"/> (a session's start) lies in a period when the clock was not synchronised.</summary>
    public bool WasUnsynchronisedAt(DateTimeOffset at)
    {
        lock (_lock)
            return _periods.Any(p => p.Until is not { } until
                ? at >= p.From
                : at >= (p.From < until ? p.From : until) && at <= (p.From < until ? until : p.From));
    }

    private void Save()
    {
        if (_path is null) return;
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new LogFile(FormatVersion, _periods), Json));
        File.Move(temporary, _path, overwrite: true);
    }

    public sealed record Period(DateTimeOffset From, DateTimeOffset? Until);

    private sealed record LogFile(int Version, List<Period>? Periods);
}
