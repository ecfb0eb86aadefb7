using System.Globalization;

namespace Charger.Actors.Simulation;

// setup() (ESP32-FIRMWARE.md 2.7) and the boot text (1.6).
public sealed partial class Esp32Firmware
{
    /// <summary>
    /// What the ESP32 ROM bootloader prints at 115200 baud on a power-on or EN reset, before the sketch runs.
    /// Representative text for an ESP32 with an arduino-esp32 image; the exact load addresses vary by build.
    /// </summary>
    public const string RomBootBanner =
        "ets Jul 29 2019 12:21:46\r\n" +
        "\r\n" +
        "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n" +
        "configsip: 0, SPIWP:0xee\r\n" +
        "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\r\n" +
        "mode:DIO, clock div:1\r\n" +
        "load:0x3fff0030,len:1344\r\n" +
        "load:0x40078000,len:13964\r\n" +
        "load:0x40080400,len:3600\r\n" +
        "entry 0x400805f0\r\n";

    private const byte ValidCardMarker = 0xAA;

    private IEnumerable<TimeSpan> Setup()
    {
        if (_options.PrintRomBootMessages) _usbTransmit(System.Text.Encoding.ASCII.GetBytes(RomBootBanner));
        yield return _options.BootloaderDuration;

        yield return Ms(100);
        _usbStarted = true; // Serial.begin(115200): from here on, received bytes are buffered
        PrintLine("CSRPI Charging Station v4.8.0 - Dual UART");
        PrintLine("USB: Monitoring | GPIO: Commands");
        Print("GPIO UART: RX=GPIO34, TX=GPIO21, Baud=115200\n"); // printf with "\n": LF only

        yield return _options.RfidResetDuration; // rfid.PCD_Init(): hard reset, RST was low
        PrintLine("This code scan the MIFARE Classsic NUID.");
        Print("Using the following key:");
        Print(" FF FF FF FF FF FF"); // printHex of the default key: no line ending

        for (var address = 0; address < 8; address++)
        {
            foreach (var delay in DriveLatch(address, on: false)) yield return delay;
        }

        _hardware.WriteControlPilotDuty(255); // digitalWrite(PWM_PIN, 1): CP steady high
        yield return Ms(1000);

        LoadCards();

        _maxCurrent = 32;
        _state = (byte)FirmwareState.Idle;
        _powerBoard = PowerBoardStatus.Ok;
        _pwm = 255;
        _cpStatus = 0;
        _authorization = AuthorizationStatus.Waiting;

        yield return Ms(200);
        foreach (var delay in Unlock(500)) yield return delay; // the cable is released at every boot
        _lockFlag = false;
        _motorFlag = false;
    }

    private void LoadCards()
    {
        for (var slot = 0; slot < _cardIds.Length; slot++)
        {
            var stored = slot < _options.StoredCards.Count;
            _cardValid[slot] = stored ? ValidCardMarker : (byte)0;
            _cardIds[slot] = stored ? _options.StoredCards[slot] : 0;
            PrintLine(string.Create(CultureInfo.InvariantCulture, $"Kart {slot} Valid={_cardValid[slot]} ID={_cardIds[slot]};"));
        }
    }
}
