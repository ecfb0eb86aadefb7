using System.Threading.Channels;

namespace Charger.Actors.Serial;

/// <summary>
/// A dedicated background thread that blocks in poll() on a device and a <see cref="StopSignal"/> with no
/// timeout (zero wake-ups while idle), reads what arrives and publishes each read as a fresh byte array on
/// an unbounded single-reader channel. The channel completes normally when stopped and with a
/// <see cref="LinkDownException"/> when the device goes away (EOF, EIO, ENODEV, POLLHUP, POLLERR, POLLNVAL).
/// </summary>
/// <remarks>
/// Unbounded because blocking the reader would only move the backlog into the kernel, where bytes are
/// dropped silently; at 115200 baud the device delivers at most ~11.5 KB/s.
/// </remarks>
internal sealed class ReadLoop
{
    private const int BufferSize = 4096;
    private const int MaxReadsPerWakeup = 64;

    private readonly FileDescriptor _device;
    private readonly StopSignal _stop;
    private readonly string _path;
    private readonly Channel<ReadOnlyMemory<byte>> _channel = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = false });
    private readonly Thread _thread;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _wakeups;
    private long _bytesRead;
    private volatile LinkDownException? _linkDown;

    public ReadLoop(FileDescriptor device, StopSignal stop, string path, string threadName)
    {
        _device = device;
        _stop = stop;
        _path = path;
        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
    }

    public ChannelReader<ReadOnlyMemory<byte>> Output => _channel.Reader;

    /// <summary>
    /// Completes as soon as the thread ends, even while chunks are still unread (the channel's own
    /// Completion waits until they are drained): normally when stopped, faulted with the link-down cause.
    /// </summary>
    public Task Ended => _ended.Task;

    /// <summary>How often poll() returned: a measure of idle cost (tests assert it stays flat while idle).</summary>
    public long Wakeups => Interlocked.Read(ref _wakeups);

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Set once the device was found gone; later writes fail with the same reason.</summary>
    public LinkDownException? LinkDown => _linkDown;

    public bool IsLoopThread => Thread.CurrentThread == _thread;

    public void Start() => _thread.Start();

    /// <summary>Waits for the thread to end (call after setting the stop signal).</summary>
    public bool Join(TimeSpan timeout) => IsLoopThread || !_thread.IsAlive || _thread.Join(timeout);

    private unsafe void Run()
    {
        Exception? failure = null;
        bool deviceRef = false, stopRef = false;
        try
        {
            _device.DangerousAddRef(ref deviceRef);
            _stop.Handle.DangerousAddRef(ref stopRef);
            var buffer = new byte[BufferSize];
            var fds = stackalloc Libc.PollFd[2];
            fds[0] = new Libc.PollFd { fd = _device.Number, events = Libc.POLLIN };
            fds[1] = new Libc.PollFd { fd = _stop.Handle.Number, events = Libc.POLLIN };
            while (true)
            {
                fds[0].revents = 0;
                fds[1].revents = 0;
                if (Libc.Poll(fds, 2, -1) < 0)
                {
                    var errno = Libc.LastErrno;
                    if (errno == Libc.EINTR)
                        continue;
                    throw new LinkDownException(_path, LinkDownReason.OtherError, errno);
                }
                Interlocked.Increment(ref _wakeups);
                if (fds[1].revents != 0)
                    break;
                var events = fds[0].revents;
                if ((events & Libc.POLLNVAL) != 0)
                    throw new LinkDownException(_path, LinkDownReason.InvalidDescriptor);
                // Read first even on POLLHUP/POLLERR: bytes sent just before the hang-up are delivered,
                // and read() names the cause more precisely (EOF, EIO, ENODEV) than the poll flags.
                if ((events & (Libc.POLLIN | Libc.POLLHUP | Libc.POLLERR)) != 0)
                    Drain(buffer);
                if ((events & Libc.POLLHUP) != 0)
                    throw new LinkDownException(_path, LinkDownReason.HangUp);
                if ((events & Libc.POLLERR) != 0)
                    throw new LinkDownException(_path, LinkDownReason.PollError);
            }
        }
        catch (LinkDownException e)
        {
            _linkDown = e;
            failure = e;
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            if (stopRef)
                _stop.Handle.DangerousRelease();
            if (deviceRef)
                _device.DangerousRelease();
            _channel.Writer.TryComplete(failure);
            if (failure is null)
                _ended.TrySetResult();
            else
                _ended.TrySetException(failure);
        }
    }

    /// <summary>Reads until the device has nothing more (EAGAIN); throws <see cref="LinkDownException"/> if it is gone.</summary>
    private unsafe void Drain(byte[] buffer)
    {
        fixed (byte* p = buffer)
        {
            for (var reads = 0; reads < MaxReadsPerWakeup; reads++)
            {
                var n = Libc.Read(_device, p, (nuint)buffer.Length);
                if (n > 0)
                {
                    Interlocked.Add(ref _bytesRead, n);
                    _channel.Writer.TryWrite(buffer.AsSpan(0, (int)n).ToArray());
                    continue;
                }
                if (n == 0)
                    throw new LinkDownException(_path, LinkDownReason.EndOfFile);
                var errno = Libc.LastErrno;
                switch (errno)
                {
                    case Libc.EAGAIN:
                        return;
                    case Libc.EINTR:
                        continue;
                    case Libc.EIO:
                        throw new LinkDownException(_path, LinkDownReason.InputOutputError, errno);
                    case Libc.ENODEV or Libc.ENXIO:
                        throw new LinkDownException(_path, LinkDownReason.NoDevice, errno);
                    default:
                        throw new LinkDownException(_path, LinkDownReason.OtherError, errno);
                }
            }
        }
    }
}
