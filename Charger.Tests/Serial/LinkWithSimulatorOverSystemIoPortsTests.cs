using Charger.Actors.Serial;

namespace Charger.Tests.Serial;

/// <summary>The link's acceptance against the simulator (every test of the base class) with System.IO.Ports opening the port.</summary>
public sealed class LinkWithSimulatorOverSystemIoPortsTests : LinkWithSimulatorTests
{
    protected override SerialDriver Driver => SerialDriver.SystemIoPorts;
}
