using System.Text;
using Charger.Actors.Protocol;

namespace Charger.Tests.Protocol;

/// <summary>Helpers to feed text and bytes through a <see cref="FrameDecoder"/> the way the serial reader does.</summary>
internal static class Wire
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static List<Esp32Frame> Decode(string text) => Decode(Bytes(text));

    public static List<Esp32Frame> Decode(byte[] bytes) => Decode(bytes, new FrameDecoder());

    public static List<Esp32Frame> Decode(byte[] bytes, FrameDecoder decoder)
    {
        var frames = new List<Esp32Frame>();
        decoder.Decode(bytes, frames);
        return frames;
    }

    /// <summary>
    /// Decodes <paramref name="bytes"/> in reads of the given lengths through one reused read buffer that is
    /// scribbled over after every read, as a serial reader would, so a decoder that kept a reference to a
    /// caller's bytes would be caught.
    /// </summary>
    public static List<Esp32Frame> DecodeInReads(byte[] bytes, IEnumerable<int> readLengths, FrameDecoder decoder)
    {
        var frames = new List<Esp32Frame>();
        var readBuffer = new byte[bytes.Length + 1];
        var offset = 0;
        foreach (var length in readLengths)
        {
            var n = Math.Min(length, bytes.Length - offset);
            bytes.AsSpan(offset, n).CopyTo(readBuffer);
            decoder.Decode(readBuffer.AsSpan(0, n), frames);
            readBuffer.AsSpan().Fill((byte)'<');
            offset += n;
        }

        decoder.Decode(bytes.AsSpan(offset), frames);
        return frames;
    }

    public static T Single<T>(string text) where T : Esp32Frame => Assert.IsType<T>(Assert.Single(Decode(text)));

    public static StatFrame Stat(
        int cp, int cpv, int pp, int ppv, int rl, int lockFlag, int motor, int pwm,
        int max, int cable, int auth, int state, int pb = 0, int stop = 0) => new()
        {
            Cp = cp, Cpv = cpv, Pp = pp, Ppv = ppv, Rl = rl, Lock = lockFlag, Motor = motor, Pwm = pwm,
            Max = max, Cable = cable, Auth = auth, State = state, Pb = pb, Stop = stop,
        };
}
