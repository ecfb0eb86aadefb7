namespace Charger.Actors.Protocol;

/// <summary>
/// Text outside any <c>&lt;...&gt;</c> frame, one per line (or the text before a <c>&lt;</c> on the same line),
/// trimmed of spaces and control bytes: the ROM bootloader and boot banners, the card list, <c>of&lt;n&gt;</c> RFID debug lines, line noise.
/// Kept rather than dropped because a boot banner is how a reset of the ESP32 shows (it also unlocks the cable).
/// Blank lines produce nothing.
/// </summary>
public sealed record NoiseLine(string Text) : Esp32Frame;
