using System.Text;

namespace Charger.Benchmarks.Support;

/// <summary>
/// STAT lines byte for byte as the firmware prints them (ESP32-FIRMWARE.md 1.5 and 1.7: fields in
/// order, CR LF), for a benchmark playing the ESP32 on a pseudo-terminal. Alternating the two gives
/// exactly one charger event per line: Idle -> CableDetect is CableConnected, CableDetect -> Idle is
/// CableDisconnected, and AUTH=0 keeps the leftover-authorization check quiet.
/// </summary>
public static class StatLines
{
    /// <summary>STATE=1: nothing plugged in (values from the recorded session).</summary>
    public static readonly byte[] Idle = Line(pp: 0, ppv: 2457, cable: 0, state: 1);

    /// <summary>STATE=2: a 20 A cable in the socket, no EV on the pilot.</summary>
    public static readonly byte[] CableDetect = Line(pp: 1, ppv: 1540, cable: 20, state: 2);

    /// <summary>
    /// <paramref name="pairs"/> × (CableDetect, Idle) in one buffer: after an Idle status, any whole
    /// number of pairs written from its start yields two events per pair and ends in Idle again.
    /// </summary>
    public static byte[] Pairs(int pairs)
    {
        var pair = CableDetect.Concat(Idle).ToArray();
        var buffer = new byte[pair.Length * pairs];
        for (var i = 0; i < pairs; i++) pair.CopyTo(buffer, i * pair.Length);
        return buffer;
    }

    /// <summary>Bytes of one (CableDetect, Idle) pair.</summary>
    public static int PairLength => CableDetect.Length + Idle.Length;

    private static byte[] Line(int pp, int ppv, int cable, int state) => Encoding.ASCII.GetBytes(
        $"<STAT;CP=0;CPV=3931;PP={pp};PPV={ppv};RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=32;CABLE={cable};AUTH=0;STATE={state};PB=0;STOP=0;>\r\n");
}
