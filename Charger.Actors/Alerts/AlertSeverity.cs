namespace Charger.Actors.Alerts;

/// <summary>How urgent an alert is: <c>critical</c> needs someone now (no charging), <c>warning</c> soon, <c>info</c> is worth knowing.</summary>
public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}
