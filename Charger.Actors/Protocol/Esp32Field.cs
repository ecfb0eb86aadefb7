using System.Globalization;

namespace Charger.Actors.Protocol;

/// <summary>
/// One <c>KEY=VALUE</c> piece of a frame, trimmed, with the value kept as the text that was sent
/// (split at the first <c>=</c>, so <c>MSG=a=b</c> has the value <c>a=b</c>).
/// </summary>
public readonly record struct Esp32Field(string Key, string Value)
{
    public bool TryGetInt32(out int value) =>
        int.TryParse(Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>The predecessor read values containing '.' as floats; this keeps that possible without guessing for the caller.</summary>
    public bool TryGetDouble(out double value) =>
        double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public override string ToString() => Key + "=" + Value;
}
