namespace Charger.Actors.Serial;

/// <summary>No device at the path (unplugged, or the configured path is wrong), or discovery found no port.</summary>
public sealed class SerialPortNotFoundException(string path, string message) : SerialPortException(path, message);
