namespace Charger.Actors.Serial;

/// <summary>
/// The port is held by someone else: another process, or another <see cref="LinuxSerialPort"/> in this
/// process. Two readers on one port steal each other's bytes, so the second opener is refused.
/// </summary>
public sealed class SerialPortBusyException(string path, string detail)
    : SerialPortException(path, $"Serial port {path} is busy: {detail}. Only one owner may hold it; stop the other process (see `fuser {path}`).");
