namespace Charger.Actors.Simulation;

/// <summary>
/// The simulated ESP32's USB-serial side as a byte pipe to the host: a pseudo-terminal later, or
/// <see cref="InMemorySimulatorTransport"/> in process.
/// </summary>
/// <remarks>
/// <see cref="Esp32Simulator"/> calls <see cref="Write"/>, <see cref="Disappear"/> and <see cref="Reappear"/>
/// while holding its lock: they must not block (a real UART simply loses bytes nobody reads) and must not wait
/// for another thread that calls into the simulator. The transport delivers host bytes by calling the handler
/// given to <see cref="Attach"/>, from any thread.
/// </remarks>
public interface ISimulatorTransport
{
    /// <summary>Called once by the simulator: <paramref name="receivedFromHost"/> takes every chunk the host writes.</summary>
    void Attach(Action<ReadOnlySpan<byte>> receivedFromHost);

    /// <summary>Bytes the ESP32 writes towards the host.</summary>
    void Write(ReadOnlySpan<byte> bytes);

    /// <summary>The USB device goes away (for a pty: the device path disappears and the host's reads fail).</summary>
    void Disappear();

    /// <summary>The USB device comes back at the same path.</summary>
    void Reappear();
}
