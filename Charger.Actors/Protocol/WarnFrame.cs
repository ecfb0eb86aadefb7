namespace Charger.Actors.Protocol;

/// <summary><c>&lt;WARN;MSG=..;&gt;</c>: power-board fault filtering (ignored, confirmed, counters reset).</summary>
public sealed record WarnFrame(string? Message) : Esp32Frame
{
    public FrameFields Extra { get; init; } = FrameFields.Empty;
}
