namespace Charger.Actors.Metering;

/// <summary>How a value is laid out in 16-bit registers: big-endian words, high word first (as Eastron and ABB send them).</summary>
public enum RegisterEncoding
{
    /// <summary>IEEE-754 single precision over two registers (Eastron SDM).</summary>
    Float32,
    UInt16,
    Int16,
    UInt32,
    Int32,
    /// <summary>Four registers (ABB's energy counters).</summary>
    UInt64,
}
