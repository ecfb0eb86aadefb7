namespace Charger.Actors.Metering;

/// <summary>The meters whose register maps we know (<c>meter.model</c>), or <see cref="Custom"/> with a map from the configuration.</summary>
public enum MeterModel
{
    Sdm120,
    Sdm630,
    AbbB23,
    Custom,
}
