namespace Charger.Actors.Simulation;

// loop() (ESP32-FIRMWARE.md 2.1) and the input/PWM steps it runs before the state machine.
public sealed partial class Esp32Firmware
{
    private IEnumerable<TimeSpan> LoopPass()
    {
        ReadPowerBoard();                                                       // 1. checkMyPort
        UpdatePwm();                                                            // 2. dutyHesapIslemleri
                                                                                // 3. seviyeHesapla: computes nothing
        SampleControlPilot();                                                   // 4. CPBAK
        foreach (var delay in HandleRfid()) yield return delay;                 // 5. kartIslemleri
        foreach (var delay in RunStateMachine()) yield return delay;            // 6. sarjIslemleri
        foreach (var delay in HandleUsbCommand()) yield return delay;           // 7. usbVeriBak: at most one frame
        if (Millis - _lastStatMillis >= StatIntervalMillis)                     // 8. periodic STAT
        {
            SendStat();
            _lastStatMillis = Millis;
        }
        if (_state != _stateAtLastPass)
        {
            StateChanged?.Invoke((FirmwareState)_stateAtLastPass, (FirmwareState)_state);
            _stateAtLastPass = _state;
        }
    }

    /// <summary>
    /// PWM from the current limit (1.9); also where PP is worked out, from the CABLE value of the previous pass.
    /// The CP output is only rewritten when the value differs from the last one written.
    /// </summary>
    private void UpdatePwm()
    {
        if (_cpStatus == 0)
        {
            _pwm = 255;
            _ppStatus = _cableCurrent == 0 ? 0 : 1;
        }
        else if (_cableCurrent == 0)
        {
            _pwm = 255;
            _ppStatus = 0;
        }
        else
        {
            _ppStatus = 1;
            var amps = _cableCurrent < _maxCurrent ? _cableCurrent : _maxCurrent;
            _pwm = PwmForCurrent(amps);
        }
        if (_pwm != _oldPwm)
        {
            _oldPwm = _pwm;
            _hardware.WriteControlPilotDuty(_pwm);
        }
    }

    /// <summary>The firmware's integer duty formula: I×100, /60, ×255, /100, each step truncated.</summary>
    public static int PwmForCurrent(int amps) => amps * 100 / 60 * 255 / 100;

    /// <summary>CPBAK: the highest of 200 samples, then the class.</summary>
    private void SampleControlPilot()
    {
        _cpAdc = Math.Clamp(_hardware.ControlPilotAdc, 0, AnalogLevels.ControlPilotMax);
        _cpStatus = AnalogLevels.ClassifyControlPilot(_cpAdc);
        // A CP class of 1 or 2 also clears the cable-fault flag KabloHata, which nothing ever sets.
    }

    /// <summary>PPBAK (only called in states 1, 2, 3 and 7): the reading and the cable rating; PP itself follows next pass.</summary>
    private void ReadProximity()
    {
        _ppAdc = Math.Clamp(_hardware.ProximityPilotAdc, 0, AnalogLevels.ProximityMax);
        _cableCurrent = AnalogLevels.DecodeCableRating(_ppAdc);
    }

    private void SendStat()
    {
        PrintLine(Status.ToStatFrame());
        StatusSent?.Invoke((FirmwareState)_state, _uptime - _previousUsbCheck);
    }

    /// <summary>
    /// Raised after each STAT frame (a READSTAT reply or the periodic one) with the state it showed and the loop pass
    /// it came in: the time since the previous pass read its USB command (step 7 to step 7), i.e. the longest a command
    /// that arrived just after that read waited for this one.
    /// </summary>
    public event Action<FirmwareState, TimeSpan>? StatusSent;
}
