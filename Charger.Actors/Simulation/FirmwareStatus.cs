using System.Globalization;

namespace Charger.Actors.Simulation;

/// <summary>
/// The firmware's status variables exactly as a STAT frame prints them (ESP32-FIRMWARE.md 1.7), in field order.
/// Flags are 0/1 integers because that is what the wire carries.
/// </summary>
/// <param name="ControlPilot">CP: <c>cpStatus</c>, 0..3.</param>
/// <param name="ControlPilotAdc">CPV: <c>cpReelVal</c>, raw 12-bit ADC count.</param>
/// <param name="ProximityPilot">PP: <c>ppStatus</c>, 1 when the last decoded cable rating is not 0.</param>
/// <param name="ProximityAdc">PPV: <c>ppReadVal</c>, refreshed only in states 1, 2, 3 and 7.</param>
/// <param name="RelayFlag">RL: <c>RelayFlag</c>, a software flag, not the relay.</param>
/// <param name="LockFlag">LOCK: <c>LOCKFLAG</c>, "lock/unlock pulse done".</param>
/// <param name="MotorFlag">MOTOR: <c>MOTORFLAG</c>, fault unlock done.</param>
/// <param name="Pwm">PWM: <c>PWMVAL</c>, 0..255, 255 = no PWM.</param>
/// <param name="MaxCurrent">MAX: <c>maxCurrent</c>.</param>
/// <param name="CableCurrent">CABLE: <c>cableCurrent</c>, the cable rating.</param>
/// <param name="AuthEnabled">AUTH: <c>authEnabled</c>.</param>
/// <param name="State">STATE: <c>sarjStatus</c>, any byte.</param>
/// <param name="PowerBoard">PB: <c>powerBoardStat</c>.</param>
/// <param name="StopRequested">STOP: <c>stopRequested</c>, always 0.</param>
public readonly record struct FirmwareStatus(
    int ControlPilot,
    int ControlPilotAdc,
    int ProximityPilot,
    int ProximityAdc,
    int RelayFlag,
    int LockFlag,
    int MotorFlag,
    int Pwm,
    int MaxCurrent,
    int CableCurrent,
    int AuthEnabled,
    int State,
    int PowerBoard,
    int StopRequested)
{
    /// <summary>The frame as the firmware prints it, without the CR LF that follows it.</summary>
    public string ToStatFrame() => string.Create(
        CultureInfo.InvariantCulture,
        $"<STAT;CP={ControlPilot};CPV={ControlPilotAdc};PP={ProximityPilot};PPV={ProximityAdc};RL={RelayFlag};LOCK={LockFlag};MOTOR={MotorFlag};PWM={Pwm};MAX={MaxCurrent};CABLE={CableCurrent};AUTH={AuthEnabled};STATE={State};PB={PowerBoard};STOP={StopRequested};>");

    /// <inheritdoc />
    public override string ToString() => ToStatFrame();
}
