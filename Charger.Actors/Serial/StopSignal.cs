namespace Charger.Actors.Serial;

/// <summary>
/// An eventfd that a read loop or a blocked write polls next to its device, so Dispose can wake them at
/// once: poll() can then wait without a timeout and an idle port costs no CPU. Once set it stays set.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    public StopSignal()
    {
        var fd = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (fd < 0)
            throw new IOException($"eventfd failed: {Libc.Describe(Libc.LastErrno)}");
        Handle = new FileDescriptor(fd);
    }

    public FileDescriptor Handle { get; }

    public unsafe void Set()
    {
        ulong one = 1;
        try
        {
            // Cannot block (EFD_NONBLOCK) and cannot fail short of counter overflow: ignore the result.
            _ = Libc.Write(Handle, (byte*)&one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // Already torn down: nobody is waiting any more.
        }
    }

    public void Dispose() => Handle.Dispose();
}
