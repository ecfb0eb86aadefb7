using System.Threading.Channels;

namespace Charger.Tests.Serial;

internal static class SerialTestExtensions
{
    public static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Reads chunks until exactly <paramref name="count"/> bytes arrived, or fails after the timeout.</summary>
    public static async Task<byte[]> ReadBytesAsync(this ChannelReader<ReadOnlyMemory<byte>> reader, int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? IoTimeout);
        var received = new MemoryStream();
        try
        {
            while (received.Length < count)
                received.Write((await reader.ReadAsync(cts.Token)).Span);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Expected {count} bytes, got {received.Length} within {(timeout ?? IoTimeout).TotalSeconds} s.");
        }
        Assert.Equal(count, received.Length);
        return received.ToArray();
    }

    public static byte[] Pattern(int length, int seed) =>
        Enumerable.Range(0, length).Select(i => (byte)((i * 31 + seed) & 0xFF)).ToArray();
}
