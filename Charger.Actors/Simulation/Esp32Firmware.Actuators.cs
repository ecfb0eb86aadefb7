namespace Charger.Actors.Simulation;

// The output helpers and what each one blocks for: every latch write waits 1 ms (dLatchDrive), pulses block
// for their length, an LED change sends its packet three times 80 ms apart, an RFID hardware reset holds RST
// low and then re-initialises the reader.
public sealed partial class Esp32Firmware
{
    private static readonly Dictionary<StationLed, byte[]> LedCommands = new()
    {
        [StationLed.White] = [0x57, 0, 0, 0],
        [StationLed.EarthFault] = [0x54, 0, 0, 0],
        [StationLed.PhaseFault] = [0x43, 0, 0, 0],
        [StationLed.CableFault] = [0x41, 0, 0, 0],
        [StationLed.Turquoise] = [0x42, 0, 150, 150],
        [StationLed.Blue] = [0x42, 10, 10, 255],
        [StationLed.Green] = [0x59, 0, 0, 0],
        [StationLed.Yellow] = [0x42, 255, 250, 0],
        [StationLed.Lilac] = [0x42, 255, 20, 70],
    };

    /// <summary>dLatchDrive: set one latch output, then 1 ms.</summary>
    private IEnumerable<TimeSpan> DriveLatch(int address, bool on)
    {
        if (address <= (int)LatchOutput.Buzzer) _hardware.SetLatch((LatchOutput)address, on);
        yield return Ms(1);
    }

    private IEnumerable<TimeSpan> DriveLatch(LatchOutput output, bool on) => DriveLatch((int)output, on);

    /// <summary>relayDriver: writes the relay and starts the 2 s power-board fault mask.</summary>
    private IEnumerable<TimeSpan> SwitchRelay(bool on)
    {
        foreach (var delay in DriveLatch(LatchOutput.Relay, on)) yield return delay;
        _lastRelaySwitchMillis = Millis;
    }

    private IEnumerable<TimeSpan> Lock(int milliseconds) => Pulse(LatchOutput.LockMotor, milliseconds);

    private IEnumerable<TimeSpan> Unlock(int milliseconds) => Pulse(LatchOutput.UnlockMotor, milliseconds);

    private IEnumerable<TimeSpan> Beep(int milliseconds) => Pulse(LatchOutput.Buzzer, milliseconds);

    private IEnumerable<TimeSpan> Pulse(LatchOutput output, int milliseconds)
    {
        foreach (var delay in DriveLatch(output, on: true)) yield return delay;
        yield return Ms(milliseconds);
        foreach (var delay in DriveLatch(output, on: false)) yield return delay;
    }

    /// <summary>RST low for <paramref name="low"/>, then PCD_Init.</summary>
    private IEnumerable<TimeSpan> HardResetRfid(TimeSpan low)
    {
        yield return low;
        yield return _options.RfidResetDuration;
    }

    /// <summary>
    /// ledIslemleri + sendLEDCommand. Its "changed?" test compares a variable that is never updated, so the
    /// command is always built (white also clears LOCK and MOTOR); only the byte comparison in sendLEDCommand
    /// keeps an unchanged colour from being sent again.
    /// </summary>
    private IEnumerable<TimeSpan> ShowLed(StationLed led)
    {
        if (led == StationLed.White)
        {
            _lockFlag = false;
            _motorFlag = false;
        }
        var command = LedCommands[led];
        if (command.AsSpan().SequenceEqual(_ledSent)) yield break;
        command.CopyTo(_ledSent, 0);
        _hardware.ShowLed(led);
        for (var i = 0; i < 3; i++) yield return Ms(80);
    }
}
