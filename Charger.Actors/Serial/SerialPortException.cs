namespace Charger.Actors.Serial;

/// <summary>A serial port could not be found, opened, configured or used. The message names the path.</summary>
public class SerialPortException(string path, string message, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>The device path the failure is about.</summary>
    public string Path { get; } = path;
}
