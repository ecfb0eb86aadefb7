namespace Charger.Actors.Serial;

/// <summary>How the kernel told us that the device behind an open port went away.</summary>
public enum LinkDownReason
{
    /// <summary><c>read()</c> returned 0: the tty was hung up (USB unplug, pty master closed).</summary>
    EndOfFile,

    /// <summary><c>read()</c>/<c>write()</c> failed with EIO.</summary>
    InputOutputError,

    /// <summary><c>read()</c>/<c>write()</c> failed with ENODEV or ENXIO: the device node has no device behind it.</summary>
    NoDevice,

    /// <summary><c>poll()</c> reported POLLHUP (or <c>write()</c> EPIPE).</summary>
    HangUp,

    /// <summary><c>poll()</c> reported POLLERR.</summary>
    PollError,

    /// <summary><c>poll()</c> reported POLLNVAL: the descriptor is not open.</summary>
    InvalidDescriptor,

    /// <summary>Any other errno from <c>read()</c>/<c>write()</c>/<c>poll()</c>; see <see cref="LinkDownException.Errno"/>.</summary>
    OtherError,
}
