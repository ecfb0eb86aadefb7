namespace Charger.Actors.Simulation;

// sarjIslemleri() (ESP32-FIRMWARE.md 2.3, 2.4). Within a state the checks run in source order and a later
// assignment overrides an earlier one. PP is the value worked out at the top of the pass (from the previous
// pass's cable rating); CP was sampled earlier in this pass.
public sealed partial class Esp32Firmware
{
    private IEnumerable<TimeSpan> RunStateMachine()
    {
        switch ((FirmwareState)_state)
        {
            case FirmwareState.Idle:
                _lockFlag = false;
                _motorFlag = false;
                _waitFlag = false;
                _cardFlag = false;
                foreach (var delay in ShowLed(StationLed.White)) yield return delay;
                ReadProximity();
                if (_ppStatus == 1) _state = (byte)FirmwareState.CableDetect;
                break;

            case FirmwareState.CableDetect:
                _cardFlag = true;
                ReadProximity();
                foreach (var delay in ShowLed(StationLed.Turquoise)) yield return delay;
                if (!_waitFlag)
                {
                    yield return Ms(400);
                    _waitFlag = true;
                }
                if (_cpStatus == 1) _state = (byte)FirmwareState.EvConnected;
                if (_ppStatus == 0) _state = (byte)FirmwareState.Idle;
                break;

            case FirmwareState.EvConnected:
                foreach (var delay in ShowLed(StationLed.Blue)) yield return delay;
                ReadProximity();
                if (_authorization == AuthorizationStatus.Granted) _state = (byte)FirmwareState.Ready;
                if (_cpStatus == 0) _state = (byte)FirmwareState.Idle;
                if (_ppStatus == 0) _state = (byte)FirmwareState.Idle;
                break;

            case FirmwareState.Ready:
                if (!_lockFlag)
                {
                    foreach (var delay in Lock(500)) yield return delay;
                    yield return Ms(50);
                    _lockFlag = true;
                    foreach (var delay in SwitchRelay(on: true)) yield return delay;
                    _relayFlag = true;
                    foreach (var delay in HardResetRfid(Ms(200))) yield return delay;
                }
                if (_cpStatus == 0) _state = (byte)FirmwareState.FaultHard;
                if (_cpStatus == 2) _state = (byte)FirmwareState.Charging;
                break;

            case FirmwareState.Charging:
                foreach (var delay in ShowLed(StationLed.Green)) yield return delay;
                if (_cpStatus == 1)
                {
                    foreach (var delay in SwitchRelay(on: false)) yield return delay;
                    yield return Ms(10);
                    _lockFlag = false; // RL stays 1
                    _state = (byte)FirmwareState.Paused;
                }
                else if (_authorization == AuthorizationStatus.CancelRequested)
                {
                    _state = (byte)FirmwareState.Stopped;
                }
                else if (_cpStatus == 0)
                {
                    _state = (byte)FirmwareState.Stopped;
                }
                break;

            case FirmwareState.Paused:
                foreach (var delay in ShowLed(StationLed.Yellow)) yield return delay;
                if (_cpStatus == 2) _state = (byte)FirmwareState.Ready;
                if (_authorization == AuthorizationStatus.CancelRequested)
                {
                    _state = (byte)FirmwareState.Stopped;
                    yield return Ms(100);
                }
                if (_cpStatus == 0) _state = (byte)FirmwareState.Stopped;
                if (_cpStatus == 2) _state = (byte)FirmwareState.Ready;
                break;

            case FirmwareState.Stopped:
                _pwm = 255;
                _hardware.WriteControlPilotDuty(_pwm);
                _oldPwm = _pwm;
                _authEnabled = false;
                yield return Ms(200);
                foreach (var delay in SwitchRelay(on: false)) yield return delay;
                _cardFlag = false;
                _relayFlag = false;
                yield return Ms(200);
                if (!_lockFlag)
                {
                    foreach (var delay in Unlock(500)) yield return delay;
                    _lockFlag = true; // in state 7, LOCK=1 means "unlocked"
                    yield return Ms(10);
                    foreach (var delay in HardResetRfid(Ms(10))) yield return delay;
                }
                foreach (var delay in ShowLed(StationLed.Lilac)) yield return delay;
                ReadProximity();
                if (_ppStatus == 0)
                {
                    PrintLine("<INFO;MSG=FINISHING_EXIT_STATION_CABLE_DISCONNECTED;>");
                    _state = (byte)FirmwareState.Idle;
                    _authorization = AuthorizationStatus.Waiting;
                }
                // The 60 s timeout out of state 7 is commented out in the firmware: it stays here until PP is 0.
                break;

            case FirmwareState.FaultHard:
                _authorization = AuthorizationStatus.Waiting;
                _cardFlag = false;
                _relayFlag = false;
                _lockFlag = false;
                _pwm = 255;
                _hardware.WriteControlPilotDuty(_pwm);
                _oldPwm = _pwm;
                if (!_motorFlag)
                {
                    foreach (var delay in SwitchRelay(on: false)) yield return delay;
                    yield return Ms(200);
                    foreach (var delay in Unlock(700)) yield return delay;
                    _motorFlag = true;
                    _lockFlag = false;
                    yield return Ms(10);
                    foreach (var delay in HardResetRfid(Ms(10))) yield return delay;
                }
                if (_powerBoard == PowerBoardStatus.PhaseFault)
                {
                    foreach (var delay in ShowLed(StationLed.PhaseFault)) yield return delay;
                }
                if (_powerBoard == PowerBoardStatus.EarthFault)
                {
                    foreach (var delay in ShowLed(StationLed.EarthFault)) yield return delay;
                }
                // The cable-fault branch (LED 'A', 5 s, back to IDLE) needs KabloHata, which nothing sets.
                if (_powerBoard == PowerBoardStatus.Ok)
                {
                    _hardFaultPasses = 0;
                    _state = (byte)FirmwareState.HardfaultEnd;
                }
                break;

            case FirmwareState.HardfaultEnd:
                _hardFaultPasses++;
                if (_hardFaultPasses > 100)
                {
                    _hardFaultPasses = 0;
                    _state = (byte)FirmwareState.Idle;
                }
                break;

            default:
                // Any other byte (from command 4): no case handles it, the state machine is frozen.
                break;
        }
    }
}
