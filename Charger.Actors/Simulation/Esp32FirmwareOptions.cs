namespace Charger.Actors.Simulation;

/// <summary>
/// What the firmware model needs beyond the source: timings the repository never measured, and the
/// EEPROM contents. Defaults follow ESP32-FIRMWARE.md where it has a number and stock library behaviour where not.
/// </summary>
public sealed record Esp32FirmwareOptions
{
    /// <summary>
    /// USB UART receive buffer (arduino-esp32 default 256 bytes). Bytes that arrive while it is full are lost.
    /// </summary>
    public int UsbReceiveBufferSize { get; init; } = 256;

    /// <summary>
    /// How long one MFRC522 <c>PCD_Reset</c> or <c>PCD_Init</c> blocks (the stock library waits 50 ms).
    /// Every loop pass does both, so this sets the loop's base pass time (2 × 50 = 100 ms by default).
    /// </summary>
    public TimeSpan RfidResetDuration { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Time from reset to <c>setup()</c> (ROM and second-stage bootloader). Counted in <c>millis()</c> here.</summary>
    public TimeSpan BootloaderDuration { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Print the ESP32 ROM bootloader's reset banner before the sketch's own boot text.</summary>
    public bool PrintRomBootMessages { get; init; } = true;

    /// <summary>
    /// Card UIDs stored in the EEPROM card slots (at most 10, slot order). Empty slots read as Valid=0 ID=0
    /// (a fresh arduino-esp32 EEPROM is zero-filled). Cards cannot be enrolled at run time.
    /// </summary>
    public IReadOnlyList<uint> StoredCards { get; init; } = [];

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(UsbReceiveBufferSize, 5, nameof(UsbReceiveBufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RfidResetDuration, TimeSpan.Zero, nameof(RfidResetDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(BootloaderDuration, TimeSpan.Zero, nameof(BootloaderDuration));
        ArgumentNullException.ThrowIfNull(StoredCards, nameof(StoredCards));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(StoredCards.Count, 10, nameof(StoredCards));
    }
}
