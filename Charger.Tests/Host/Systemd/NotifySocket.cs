using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting.Systemd;

namespace Charger.Tests.Host.Systemd;

/// <summary>Plays systemd's side: a bound unix datagram socket that a test reads notifications from.</summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly string? _directory;

    private NotifySocket(string address, string? directory)
    {
        Address = address;
        _directory = directory;
    }

    /// <summary>What NOTIFY_SOCKET would say: a path, or @name for the abstract namespace.</summary>
    public string Address { get; }

    public static NotifySocket InTempDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("charger-notify-").FullName;
        var socket = new NotifySocket(Path.Combine(directory, "notify"), directory);
        socket.Bind();
        return socket;
    }

    public static NotifySocket Abstract()
    {
        var socket = new NotifySocket($"@charger-test-{Guid.NewGuid():N}", null);
        socket.Bind();
        return socket;
    }

    /// <summary>A path in a temp folder with nothing bound to it yet; <see cref="Bind"/> makes systemd appear.</summary>
    public static NotifySocket Unbound()
    {
        var directory = Directory.CreateTempSubdirectory("charger-notify-").FullName;
        return new NotifySocket(Path.Combine(directory, "notify"), directory);
    }

    /// <summary>
    /// Microsoft.Extensions.Hosting.Systemd's notifier pointed at this socket. The package reads the socket from the
    /// process's <c>NOTIFY_SOCKET</c> only, when constructed: the variable is set for that moment and put back, and
    /// tests that do this run in <see cref="NotifySocketCollection"/>, never next to a daemon that reads it.
    /// </summary>
    public SystemdNotifier Notifier()
    {
        lock (EnvironmentLock)
        {
            var previous = Environment.GetEnvironmentVariable(Variable);
            Environment.SetEnvironmentVariable(Variable, Address);
            try
            {
                return new SystemdNotifier();
            }
            finally
            {
                Environment.SetEnvironmentVariable(Variable, previous);
            }
        }
    }

    private const string Variable = "NOTIFY_SOCKET";

    private static readonly Lock EnvironmentLock = new();

    public void Bind() =>
        _socket.Bind(new UnixDomainSocketEndPoint(Address[0] == '@' ? "\0" + Address[1..] : Address));

    /// <summary>The next datagram, waiting at most 5 s for it.</summary>
    public string Receive()
    {
        _socket.ReceiveTimeout = 5000;
        var buffer = new byte[4096];
        var length = _socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>Datagrams already queued. The notifier sends synchronously, so what it sent is here by the time it returns.</summary>
    public List<string> Drain()
    {
        var received = new List<string>();
        while (_socket.Available > 0) received.Add(Receive());
        return received;
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (_directory is not null) Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>Tests that set the process's <c>NOTIFY_SOCKET</c> (<see cref="NotifySocket.Notifier"/>) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotifySocketCollection
{
    public const string Name = "NOTIFY_SOCKET";
}
