namespace Charger.Actors.Simulation;

// usbVeriBak() (ESP32-FIRMWARE.md 1.3, 1.4): once per pass, after the state machine.
public sealed partial class Esp32Firmware
{
    private const byte FrameHeader = 0x41;
    private const byte FrameSeparator = 0x2C;
    private const int FrameLength = 5;

    // When the last two passes read their USB command (the loop pass as a command sees it).
    private TimeSpan _lastUsbCheck;
    private TimeSpan _previousUsbCheck;

    private IEnumerable<TimeSpan> HandleUsbCommand()
    {
        _previousUsbCheck = _lastUsbCheck;
        _lastUsbCheck = _uptime;
        // Every byte before the next 'A' is dropped silently.
        while (_usbReceive.Count > 0 && _usbReceive.Peek() != FrameHeader) _usbReceive.Dequeue();

        // A partial frame waits (no timeout) until more bytes arrive.
        if (_usbReceive.Count < FrameLength) yield break;

        _usbReceive.Dequeue(); // header
        var command = _usbReceive.Dequeue();
        var separator = _usbReceive.Dequeue();
        var value = _usbReceive.Dequeue();
        _usbReceive.Dequeue(); // trailer: read, never checked

        if (separator != FrameSeparator)
        {
            PrintLine("<ERR;INVALID_COMMA>");
            yield break;
        }

        switch (command)
        {
            case 0: // READ_STAT: does not move the periodic timer
                SendStat();
                PrintLine("<ACK;CMD=READSTAT;STATUS=OK;>");
                break;

            case 1: // AUTH
                if (value == 1)
                {
                    if (_state != (byte)FirmwareState.Idle)
                    {
                        _authEnabled = true;
                        _authorization = AuthorizationStatus.Granted;
                        _lockFlag = false;
                        _relayFlag = false;
                        _stopRequested = false;
                        PrintLine("<ACK;CMD=AUTH;STATUS=OK;>");
                    }
                    // In IDLE: nothing at all, no ACK.
                }
                else
                {
                    // Bug: `if ((sarjStatus = 6) || ...)` assigns PAUSED and is always true.
                    _state = (byte)FirmwareState.Paused;
                    _authEnabled = false;
                    _authorization = AuthorizationStatus.CancelRequested;
                    _lockFlag = false;
                    _relayFlag = false;
                    PrintLine("<ACK;CMD=AUTH;STATUS=CLEARED;>");
                }
                break;

            case 2: // SET_MAX_AMP. Bug: `if (sarjStatus = 1)` forces IDLE in every state, whatever the value.
                _state = (byte)FirmwareState.Idle;
                if (value is >= 6 and <= 32)
                {
                    _maxCurrent = value;
                    PrintLine("<ACK;CMD=SETMAXAMP;STATUS=OK;>");
                }
                else
                {
                    PrintLine("<ACK;CMD=SETMAXAMP;STATUS=ERR;>");
                }
                break;

            case 3: // KILIT: a repeated lock or unlock is ignored without a reply; the ACK follows the pulse.
                if (value == 0)
                {
                    if (!_unlockCommandDone)
                    {
                        foreach (var delay in Unlock(500)) yield return delay;
                        PrintLine("<ACK;CMD=UNLOCK;STATUS=OK;>");
                        _unlockCommandDone = true;
                        _lockCommandDone = false;
                    }
                }
                else if (!_lockCommandDone)
                {
                    foreach (var delay in Lock(500)) yield return delay;
                    PrintLine("<ACK;CMD=LOCK;STATUS=OK;>");
                    _lockCommandDone = true;
                    _unlockCommandDone = false;
                }
                break;

            case 4: // STATE_MACH: any byte, no check, no ACK.
                _state = value;
                _lockFlag = false;
                _relayFlag = false;
                break;

            default:
                PrintLine("<ACK;CMD=UNKNOWN;STATUS=ERR;>");
                break;
        }
    }
}
