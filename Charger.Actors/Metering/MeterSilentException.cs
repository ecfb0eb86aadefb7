using Charger.Actors.Serial;

namespace Charger.Actors.Metering;

/// <summary>The meter's port is open but no complete reading came for longer than its silence timeout: the meter stopped answering (unpowered, A/B swapped, wrong address or line settings), or answers only with errors.</summary>
public sealed class MeterSilentException(string path, TimeSpan silentFor, string? lastProblem)
    : SerialPortException(path, $"Meter on {path} gave no reading for {silentFor.TotalSeconds:0.0} s" + (lastProblem is null ? "." : $": {lastProblem}."))
{
    public TimeSpan SilentFor { get; } = silentFor;
}
