using System.Globalization;

namespace Charger.Actors.Simulation;

// kartIslemleri() (ESP32-FIRMWARE.md 2.2 "RFID"). Card enrolment is unreachable and not modelled.
public sealed partial class Esp32Firmware
{
    private IEnumerable<TimeSpan> HandleRfid()
    {
        // kartOkumaca(): the reader is reset and re-initialised on every pass.
        yield return _options.RfidResetDuration; // PCD_Reset
        yield return _options.RfidResetDuration; // PCD_Init
        var card = _hardware.RfidCard;
        if (card is not { } uid)
        {
            _passesWithoutCard = Math.Min(_passesWithoutCard + 1, 200);
            yield break;
        }
        if (_passesWithoutCard > 5)
        {
            foreach (var delay in Beep(200)) yield return delay;
        }

        Print(string.Create(CultureInfo.InvariantCulture, $"of{_passesWithoutCard}\n"));

        // Only a fresh presentation counts, and only then is the counter reset.
        if (_passesWithoutCard <= 2) yield break;

        if (_cardFlag && _authorization != AuthorizationStatus.Granted)
        {
            if ((_cpStatus == 1 || _cpStatus == 2) && IsStoredCard(uid))
            {
                _chargingCard = uid;
                _authorization = AuthorizationStatus.Granted;
                foreach (var delay in TripleBeep()) yield return delay;
            }
        }
        else if (_relayFlag && _authorization == AuthorizationStatus.Granted)
        {
            if (_chargingCard == uid)
            {
                _authorization = AuthorizationStatus.CancelRequested;
            }
            else
            {
                foreach (var delay in TripleBeep()) yield return delay;
            }
        }
        _passesWithoutCard = 0;
    }

    private bool IsStoredCard(uint uid)
    {
        for (var slot = 0; slot < _cardIds.Length; slot++)
        {
            if (_cardValid[slot] == ValidCardMarker && _cardIds[slot] == uid) return true;
        }
        return false;
    }

    private IEnumerable<TimeSpan> TripleBeep()
    {
        for (var i = 0; i < 3; i++)
        {
            foreach (var delay in Beep(100)) yield return delay;
            yield return Ms(100);
        }
    }
}
