namespace Charger.Actors.Serial;

/// <summary>
/// The device behind an open port went away (unplugged, reset, pty master closed). The handle is dead:
/// dispose the port and open it again (in the runtime: throw, and let the BackoffSupervisor reopen).
/// </summary>
public sealed class LinkDownException : SerialPortException
{
    public LinkDownException(string path, LinkDownReason reason, int errno = 0)
        : base(path, $"Serial link {path} is down: {Describe(reason, errno)}.")
    {
        Reason = reason;
        Errno = errno;
    }

    public LinkDownReason Reason { get; }

    /// <summary>The errno behind the reason, or 0 when it came from <c>poll()</c> flags or end of file.</summary>
    public int Errno { get; }

    private static string Describe(LinkDownReason reason, int errno) => reason switch
    {
        LinkDownReason.EndOfFile => "end of file (read returned 0: the device hung up)",
        LinkDownReason.HangUp when errno == 0 => "POLLHUP (the device hung up)",
        LinkDownReason.PollError => "POLLERR (error condition on the device)",
        LinkDownReason.InvalidDescriptor => "POLLNVAL (the descriptor is not open)",
        _ => Libc.Describe(errno),
    };
}
