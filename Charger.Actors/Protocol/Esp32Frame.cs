namespace Charger.Actors.Protocol;

/// <summary>
/// Something the ESP32 printed on USB serial, as <see cref="FrameDecoder"/> cut it out of the byte stream:
/// a <c>&lt;...&gt;</c> frame (<see cref="StatFrame"/>, <see cref="AckFrame"/>, <see cref="InfoFrame"/>,
/// <see cref="WarnFrame"/>, <see cref="ErrFrame"/>, <see cref="UnknownFrame"/>) or a line of plain text
/// (<see cref="NoiseLine"/>). Frames carry no timestamp: the reader stamps them when it receives them.
/// </summary>
public abstract record Esp32Frame;
