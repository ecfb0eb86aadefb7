using System.Threading.Channels;

namespace Charger.Actors.Serial;

/// <summary>
/// An open serial port as <see cref="SerialPortActor"/> uses it, whichever driver opened it
/// (<see cref="LinuxSerialPort"/>, our termios port, or <see cref="SystemIoSerialPort"/> over
/// System.IO.Ports). Both are held to the same serial contract suite (Charger.Tests/Serial/SerialContract.cs).
/// </summary>
public interface ISerialPort : IDisposable
{
    /// <summary>The path the port was opened by (a symlink stays a symlink).</summary>
    string Path { get; }

    /// <summary>
    /// Bytes from the device, one chunk per read (each a fresh array). Single consumer. Completed normally by
    /// Dispose, and with a <see cref="LinkDownException"/> when the driver notices the device went away.
    /// </summary>
    ChannelReader<ReadOnlyMemory<byte>> Input { get; }

    /// <summary>Writes all of <paramref name="data"/>; throws <see cref="LinkDownException"/> if the device is known gone.</summary>
    void Write(ReadOnlySpan<byte> data);
}
