using Charger.Actors.Metering;
using Charger.Actors.Serial;

namespace Charger.Actors.Charging;

/// <summary>Everything one charger needs: its id, its serial link, and how state and commands are handled.</summary>
public sealed record ChargerOptions
{
    public required string Id { get; init; }

    public SerialLinkOptions Link { get; init; } = new();

    public StateTrackerOptions Tracker { get; init; } = new();

    public CommandOptions Commands { get; init; } = new();

    /// <summary>The charger's energy meter (<c>chargers[].meter</c>), or null: no meter, energy stays unknown.</summary>
    public MeterOptions? Meter { get; init; }

    /// <summary>Restarts allowed per child within <see cref="RestartWindow"/> before the child is stopped.</summary>
    public int MaxRestarts { get; init; } = 10;

    public TimeSpan RestartWindow { get; init; } = TimeSpan.FromMinutes(1);

    public void Validate()
    {
        if (!Akka.Actor.ActorPath.IsValidPathElement(Id))
            throw new ArgumentException($"chargers[].id '{Id}' is not valid: use letters, digits and -_.:@&=+,!~*';");
        Link.Validate();
        Tracker.Validate();
        Commands.Validate();
        Meter?.Validate($"chargers[{Id}].meter");
        if (Meter is not null && Meter.PortPath == Link.PortPath)
            throw new ArgumentException($"chargers[{Id}].meter.port '{Meter.PortPath}' is the ESP32's serial.port: the meter needs its own RS-485 adapter.");
        if (MaxRestarts < 1) throw new ArgumentException($"charger.max-restarts must be at least 1, got {MaxRestarts}.");
        if (RestartWindow <= TimeSpan.Zero) throw new ArgumentException($"charger.restart-window must be positive, got {RestartWindow}.");
    }
}
