namespace Charger.Actors.Serial;

/// <summary>Number of stop bits of a serial frame.</summary>
public enum SerialStopBits
{
    One = 1,
    Two = 2,
}
