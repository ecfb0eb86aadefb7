namespace Charger.Host.Configuration.Settings;

/// <summary>The <c>serial { }</c> section: how every charger's port is opened.</summary>
public sealed class SerialDriverSettings
{
    /// <summary>
    /// <c>auto</c> (the driver that passes the serial contract suite: termios, see
    /// <see cref="Charger.Actors.Serial.SerialPorts.Resolve"/>), <c>system-io-ports</c> or <c>termios</c>.
    /// </summary>
    public string Driver { get; set; } = "auto";
}
