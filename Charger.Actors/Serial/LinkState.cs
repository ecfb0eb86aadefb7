namespace Charger.Actors.Serial;

/// <summary>
/// What is known about the serial link at one moment. Immutable: each change publishes a new one.
/// </summary>
/// <param name="IsUp">The port is open and the actor is reading it.</param>
/// <param name="Since">When the link entered its current up/down state.</param>
/// <param name="Path">The device path in use or last tried (null before the first attempt).</param>
/// <param name="ReconnectAttempts">Failed opens or failures since the link was last up (0 while up).</param>
/// <param name="LastError">The last failure, kept after the link is back so operators can see what happened.</param>
/// <param name="Reconnects">How many times the link came back after being down, since start.</param>
public sealed record LinkState(bool IsUp, DateTimeOffset Since, string? Path, int ReconnectAttempts, string? LastError, long Reconnects)
{
    public static LinkState Initial(DateTimeOffset now) => new(false, now, null, 0, null, 0);
}
