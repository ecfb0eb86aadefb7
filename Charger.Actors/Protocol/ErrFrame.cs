namespace Charger.Actors.Protocol;

/// <summary>
/// <c>&lt;ERR;...&gt;</c>. The firmware prints only <c>&lt;ERR;INVALID_COMMA&gt;</c> (no <c>;</c> before <c>&gt;</c>) when a
/// command frame's separator byte was wrong, which means a command was lost. <see cref="Code"/> is the first
/// piece without <c>=</c> (<c>INVALID_COMMA</c>); <see cref="Message"/> is <c>MSG=</c> should a message ever come.
/// </summary>
public sealed record ErrFrame(string? Code, string? Message) : Esp32Frame
{
    public FrameFields Extra { get; init; } = FrameFields.Empty;
}
