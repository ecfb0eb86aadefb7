namespace Charger.Actors.Serial;

/// <summary>Writes a whole buffer to a non-blocking descriptor, waiting in poll() for POLLOUT when it is full.</summary>
internal static class DescriptorWriter
{
    /// <summary>
    /// Writes every byte or throws: <see cref="LinkDownException"/> when the device is gone,
    /// <see cref="TimeoutException"/> when it accepts nothing for <paramref name="stallTimeout"/>,
    /// <see cref="ObjectDisposedException"/> when <paramref name="stop"/> is set meanwhile.
    /// </summary>
    public static unsafe void WriteAll(FileDescriptor device, StopSignal stop, ReadOnlySpan<byte> data, TimeSpan stallTimeout, string path)
    {
        bool deviceRef = false, stopRef = false;
        try
        {
            device.DangerousAddRef(ref deviceRef);
            stop.Handle.DangerousAddRef(ref stopRef);
            fixed (byte* p = data)
            {
                var offset = 0;
                while (offset < data.Length)
                {
                    var n = Libc.Write(device, p + offset, (nuint)(data.Length - offset));
                    if (n > 0)
                    {
                        offset += (int)n;
                        continue;
                    }
                    var errno = n == 0 ? Libc.EAGAIN : Libc.LastErrno;
                    switch (errno)
                    {
                        case Libc.EINTR:
                            continue;
                        case Libc.EAGAIN:
                            WaitWritable(device, stop, stallTimeout, path, offset, data.Length);
                            continue;
                        case Libc.EIO:
                            throw new LinkDownException(path, LinkDownReason.InputOutputError, errno);
                        case Libc.ENODEV or Libc.ENXIO:
                            throw new LinkDownException(path, LinkDownReason.NoDevice, errno);
                        case Libc.EPIPE:
                            throw new LinkDownException(path, LinkDownReason.HangUp, errno);
                        default:
                            throw new SerialPortException(path, $"Writing to serial port {path} failed: {Libc.Describe(errno)}.");
                    }
                }
            }
        }
        finally
        {
            if (stopRef)
                stop.Handle.DangerousRelease();
            if (deviceRef)
                device.DangerousRelease();
        }
    }

    private static unsafe void WaitWritable(FileDescriptor device, StopSignal stop, TimeSpan timeout, string path, int written, int total)
    {
        var fds = stackalloc Libc.PollFd[2];
        fds[0] = new Libc.PollFd { fd = device.Number, events = Libc.POLLOUT };
        fds[1] = new Libc.PollFd { fd = stop.Handle.Number, events = Libc.POLLIN };
        while (true)
        {
            var rc = Libc.Poll(fds, 2, (int)timeout.TotalMilliseconds);
            if (rc < 0)
            {
                var errno = Libc.LastErrno;
                if (errno == Libc.EINTR)
                    continue;
                throw new LinkDownException(path, LinkDownReason.OtherError, errno);
            }
            if (rc == 0)
                throw new TimeoutException($"Serial port {path} accepted no bytes for {timeout.TotalMilliseconds} ms; {written} of {total} bytes were written.");
            if (fds[1].revents != 0)
                throw new ObjectDisposedException(path, $"Serial port {path} was closed during a write; {written} of {total} bytes were written.");
            var events = fds[0].revents;
            if ((events & Libc.POLLNVAL) != 0)
                throw new LinkDownException(path, LinkDownReason.InvalidDescriptor);
            if ((events & Libc.POLLHUP) != 0)
                throw new LinkDownException(path, LinkDownReason.HangUp);
            if ((events & Libc.POLLERR) != 0)
                throw new LinkDownException(path, LinkDownReason.PollError);
            return;
        }
    }
}
