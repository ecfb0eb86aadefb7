namespace Charger.Actors.Protocol;

/// <summary>
/// <c>&lt;INFO;MSG=..;VAL=..;&gt;</c>, part of the firmware's only fault telemetry (fault counts, fault cleared,
/// cable removed in state 7). <see cref="Value"/> is VAL when it is an integer; otherwise VAL is in <see cref="Extra"/>.
/// </summary>
public sealed record InfoFrame(string? Message, int? Value) : Esp32Frame
{
    public FrameFields Extra { get; init; } = FrameFields.Empty;
}
