namespace Charger.Actors.Serial;

/// <summary>
/// The port is open but nothing has arrived for longer than the silence timeout, although status is
/// polled every second: the ESP32 hung, or the adapter died without the kernel noticing.
/// </summary>
public sealed class LinkSilentException(string path, TimeSpan silentFor)
    : SerialPortException(path, $"Serial link {path} is silent: no frame for {silentFor.TotalSeconds:0.0} s.")
{
    public TimeSpan SilentFor { get; } = silentFor;
}
