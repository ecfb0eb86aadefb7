using Charger.Actors.Protocol;

namespace Charger.Actors.Serial;

/// <summary>Why received bytes did not become a clean frame, as <see cref="LinkTraffic"/> counts it (see <see cref="FrameDecoderCounters"/>).</summary>
public enum DecodeError
{
    /// <summary>A frame or line longer than the decoder's bound, dropped.</summary>
    Overflow,

    /// <summary>A frame cut short by a new <c>&lt;</c> or a line end, dropped.</summary>
    Truncated,

    /// <summary>A frame decoded despite a malformed piece.</summary>
    Malformed,
}
