namespace Charger.Actors.Charging;

/// <summary>A command for one charger, handled by its <see cref="CommandActor"/>.</summary>
public abstract record ChargerCommand;

/// <summary>Authorize charging (firmware command 1 with value 1). Only accepted in EvConnected (3).</summary>
public sealed record StartCharging(string? UserId = null) : ChargerCommand;

/// <summary>Force the firmware into Stopped (command 4 with value 7). Accepted in any state; no ACK exists.</summary>
public sealed record StopCharging : ChargerCommand;

/// <summary>Set the current limit (command 2), 6..32 A, only while nothing is authorized or charging.</summary>
public sealed record SetMaxCurrent(int Amps) : ChargerCommand
{
    public const int MinAmps = Protocol.Esp32Command.MinCurrentAmps;
    public const int MaxAmps = Protocol.Esp32Command.MaxCurrentAmps;
}
