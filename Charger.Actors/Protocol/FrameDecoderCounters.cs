namespace Charger.Actors.Protocol;

/// <summary>What a <see cref="FrameDecoder"/> has seen since it was created.</summary>
/// <param name="Bytes">Bytes fed in.</param>
/// <param name="Frames"><c>&lt;...&gt;</c> frames decoded, <see cref="UnknownFrame"/>s included.</param>
/// <param name="NoiseLines"><see cref="NoiseLine"/>s produced.</param>
/// <param name="OverflowDrops">Frames without <c>&gt;</c> and noise lines without a line end within the length bound, dropped.</param>
/// <param name="TruncatedFrames">Frames cut short by a new <c>&lt;</c> or a line end before their <c>&gt;</c>, dropped.</param>
/// <param name="ParseErrors">
/// Frames decoded despite a malformed piece: no <c>=</c> (except the code of an ERR frame), an empty key,
/// or a non-integer where an integer belongs (STAT fields, INFO's VAL). The piece's text is kept in Extra when it has a key.
/// </param>
public readonly record struct FrameDecoderCounters(
    long Bytes,
    long Frames,
    long NoiseLines,
    long OverflowDrops,
    long TruncatedFrames,
    long ParseErrors);
