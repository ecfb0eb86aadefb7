namespace Charger.Host.Operations;

/// <summary>The daemon's instruments (meter "Charger"). (Skeleton: filled in by the operations work.)</summary>
public sealed class ChargerMetrics
{
    /// <summary>Counts one command's result, e.g. ("cp-1", "start", "accepted").</summary>
    public void RecordCommand(string chargerId, string command, string result)
    {
    }
}
