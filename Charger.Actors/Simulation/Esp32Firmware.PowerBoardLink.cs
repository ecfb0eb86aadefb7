using System.Globalization;

namespace Charger.Actors.Simulation;

// checkMyPort() (ESP32-FIRMWARE.md 2.2): the power board's 7-byte packets and the v4.7.0 fault filter.
public sealed partial class Esp32Firmware
{
    private const int FaultConfirmCount = 10;
    private const long FaultResetTimeoutMillis = 30_000;
    private const long RelayMaskMillis = 2_000;
    private const long PartialPacketTimeoutMillis = 50;

    private void ReadPowerBoard()
    {
        var board = _hardware.PowerBoard;
        while (board.Available > 0)
        {
            var b = board.ReadByte();
            if (b < 0) break;
            if (_powerPacketLength == 0) _powerPacketStartMillis = Millis;
            _powerPacket[_powerPacketLength++] = (byte)b;
            if (_powerPacketLength == _powerPacket.Length)
            {
                HandlePowerBoardPacket();
                _powerPacketLength = 0;
                _powerPacketStartMillis = 0;
            }
        }

        // A packet not complete 50 ms after its first byte: flush everything waiting and start over.
        if (_powerPacketLength > 0 && Millis - _powerPacketStartMillis >= PartialPacketTimeoutMillis)
        {
            while (board.Available > 0) board.ReadByte();
            _powerPacketLength = 0;
            _powerPacketStartMillis = 0;
        }
    }

    private void HandlePowerBoardPacket()
    {
        var p = _powerPacket;
        var valid = p[0] == (byte)'R'
            && p[1] is (byte)'0' or (byte)'1' or (byte)'2'
            && IsBit(p[2]) && IsBit(p[3]) && IsBit(p[4]) && IsBit(p[5]);

        // Checked for every complete packet, valid or not.
        if ((_phaseFaults > 0 || _groundFaults > 0) && Millis - _lastFaultMillis > FaultResetTimeoutMillis)
        {
            PrintLine("<WARN;MSG=FAULT_TIMEOUT_RESET;>");
            _phaseFaults = 0;
            _groundFaults = 0;
        }

        var masked = Millis - _lastRelaySwitchMillis < RelayMaskMillis;
        if (!valid) return;

        switch (p[1])
        {
            case (byte)'2':
                if (masked)
                {
                    PrintLine("<WARN;MSG=GF_IGNORED_RELAY_MASK;>");
                    break;
                }
                _groundFaults++;
                _lastFaultMillis = Millis;
                PrintLine(string.Create(CultureInfo.InvariantCulture, $"<INFO;MSG=GF_COUNT;VAL={_groundFaults};>"));
                if (_groundFaults >= FaultConfirmCount)
                {
                    PrintLine("<WARN;MSG=GF_CONFIRMED;>");
                    _powerBoard = PowerBoardStatus.EarthFault;
                    _state = (byte)FirmwareState.FaultHard;
                    _groundFaults = 0;
                }
                break;

            case (byte)'1':
                if (masked)
                {
                    PrintLine("<WARN;MSG=PF_IGNORED_RELAY_MASK;>");
                    break;
                }
                _phaseFaults++;
                _lastFaultMillis = Millis;
                PrintLine(string.Create(CultureInfo.InvariantCulture, $"<INFO;MSG=PF_COUNT;VAL={_phaseFaults};>"));
                if (_phaseFaults >= FaultConfirmCount)
                {
                    PrintLine("<WARN;MSG=PF_CONFIRMED;>");
                    _powerBoard = PowerBoardStatus.PhaseFault;
                    _state = (byte)FirmwareState.FaultHard;
                    _phaseFaults = 0;
                }
                break;

            default: // '0'
                if (_phaseFaults > 0 || _groundFaults > 0) PrintLine("<INFO;MSG=FAULT_CLEARED;>");
                _phaseFaults = 0;
                _groundFaults = 0;
                _powerBoard = PowerBoardStatus.Ok;
                break;
        }
    }

    private static bool IsBit(byte b) => b is (byte)'0' or (byte)'1';
}
