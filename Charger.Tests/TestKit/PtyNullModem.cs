using Charger.Actors.Serial;

namespace Charger.Tests.TestKit;

/// <summary>
/// Two pseudo-terminals wired back to back like a null-modem cable: what one side's device receives, the other's
/// sends. For a serial peer in another process (which opens <see cref="DeviceB"/>) talking to our runtime (which
/// opens <see cref="DeviceA"/>); it only copies bytes, in order, chunked as they were read.
/// </summary>
public sealed class PtyNullModem : IDisposable
{
    private readonly PseudoTerminal _a = PseudoTerminal.Open();
    private readonly PseudoTerminal _b = PseudoTerminal.Open();
    private readonly Task _aToB;
    private readonly Task _bToA;

    public PtyNullModem()
    {
        _aToB = Copy(_a, _b);
        _bToA = Copy(_b, _a);
    }

    public string DeviceA => _a.SlavePath;

    public string DeviceB => _b.SlavePath;

    private static Task Copy(PseudoTerminal from, PseudoTerminal to) => Task.Run(async () =>
    {
        try
        {
            await foreach (var chunk in from.Input.ReadAllAsync().ConfigureAwait(false)) to.Write(chunk.Span);
        }
        catch (Exception e) when (e is ObjectDisposedException or TimeoutException or IOException or LinkDownException)
        {
            // the modem is being taken apart, or one side stopped reading: the test sees the missing bytes
        }
    });

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        Task.WaitAll([_aToB, _bToA], TimeSpan.FromSeconds(5));
    }
}
