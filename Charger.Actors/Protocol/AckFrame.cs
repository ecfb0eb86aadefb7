namespace Charger.Actors.Protocol;

/// <summary>
/// <c>&lt;ACK;CMD=..;STATUS=..;&gt;</c>. Values stay strings as sent (<c>STATUS=NOT CLEARED</c> keeps its space);
/// null when the field is missing. The firmware's ACKs carry no correlation id: match them by
/// <see cref="Command"/> against <see cref="Esp32Command.AckCommand"/> and by order.
/// </summary>
public sealed record AckFrame(string? Command, string? Status) : Esp32Frame
{
    public FrameFields Extra { get; init; } = FrameFields.Empty;
}
