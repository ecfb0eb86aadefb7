using System.Runtime.InteropServices;

namespace Charger.Actors.Serial;

/// <summary>
/// Owns one Linux file descriptor and closes it exactly once. Being a <see cref="SafeHandle"/>, the
/// descriptor is closed only after every P/Invoke using it has returned (reference counting), so a
/// Dispose racing a read or write can never close a number the kernel has meanwhile reused.
/// </summary>
internal sealed class FileDescriptor : SafeHandle
{
    public FileDescriptor(int fd)
        : base(invalidHandleValue: -1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle == -1;

    /// <summary>The raw number, for <c>poll</c>; valid only while a reference is held.</summary>
    public int Number => (int)handle;

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
