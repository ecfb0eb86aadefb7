namespace Charger.Actors.Serial;

/// <summary>Parity bit of a serial frame.</summary>
public enum SerialParity
{
    None,
    Odd,
    Even,
}
