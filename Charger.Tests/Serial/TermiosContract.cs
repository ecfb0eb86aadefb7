using Charger.Actors.Serial;

namespace Charger.Tests.Serial;

/// <summary>The serial contract for our termios port: it meets every check.</summary>
[Collection(SerialContractCollection.Name)]
public sealed class TermiosContract : SerialContract
{
    protected override ISerialPort Open(SerialPortSettings settings) => LinuxSerialPort.Open(settings);
}
