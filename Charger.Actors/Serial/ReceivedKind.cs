using Charger.Actors.Protocol;

namespace Charger.Actors.Serial;

/// <summary>What kind of thing arrived on the link, as <see cref="LinkTraffic"/> counts it.</summary>
public enum ReceivedKind
{
    Stat,
    Ack,
    Info,
    Warn,
    Err,

    /// <summary>A well-formed frame of a kind we do not know (<see cref="UnknownFrame"/>).</summary>
    Unknown,

    /// <summary>Text outside any frame (<see cref="NoiseLine"/>): boot banners, debug lines.</summary>
    Noise,
}
