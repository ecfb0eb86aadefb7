using System.Diagnostics;
using Charger.Actors.Serial;

namespace Charger.Benchmarks.Support;

/// <summary>
/// Plays the ESP32 on a pseudo-terminal for the probes that time a port alone (<c>pty-latency</c>,
/// <c>serial-drivers</c>): alternating STAT lines, one at a time, each timed from the write until the reader
/// has the whole line (it stamps <c>at</c> and releases <c>arrived</c>).
/// </summary>
public static class StatLinePlayer
{
    public static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Writes <c>samples.Length</c> lines, storing each line's Stopwatch ticks; sleeps <paramref name="pause"/> after each.</summary>
    public static void Play(PseudoTerminal device, SemaphoreSlim arrived, Func<long> at, TimeSpan pause, long[] samples)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            device.Write(i % 2 == 0 ? StatLines.CableDetect : StatLines.Idle);
            if (!arrived.Wait(LineTimeout)) throw new TimeoutException($"Line {i} did not arrive within {LineTimeout}.");
            samples[i] = at() - start;
            if (pause > TimeSpan.Zero) Thread.Sleep(pause);
        }
    }
}
