namespace Charger.Actors.Protocol;

/// <summary>
/// Turns <see cref="Esp32Command"/>s into the 5-byte frames the firmware reads. It is the one way to get
/// command bytes, so it is where cable-lock commands are refused unless the deployment opted in.
/// Encoding never allocates.
/// </summary>
public sealed class CommandEncoder
{
    private CommandEncoder(bool allowsCableLock) => AllowsCableLock = allowsCableLock;

    /// <summary>Encodes read status, authorize, stop and max current; refuses cable lock and unlock.</summary>
    public static CommandEncoder Default { get; } = new(allowsCableLock: false);

    /// <summary>Also encodes <see cref="CableLockCommands"/>: an explicit product decision, see that type.</summary>
    public static CommandEncoder WithCableLock { get; } = new(allowsCableLock: true);

    public bool AllowsCableLock { get; }

    /// <summary>Writes the frame into <paramref name="destination"/> and returns <see cref="Esp32Command.FrameLength"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 5 bytes.</exception>
    /// <exception cref="InvalidOperationException">A cable-lock command on an encoder without the opt-in.</exception>
    public int Encode(Esp32Command command, Span<byte> destination)
    {
        EnsureAllowed(command);
        if (destination.Length < Esp32Command.FrameLength)
        {
            throw new ArgumentException(
                $"A command frame needs {Esp32Command.FrameLength} bytes; the destination has {destination.Length}.",
                nameof(destination));
        }

        command.Frame.CopyTo(destination);
        return Esp32Command.FrameLength;
    }

    /// <summary>The frame as read-only memory over a per-command cached array, to write in one go.</summary>
    /// <exception cref="InvalidOperationException">A cable-lock command on an encoder without the opt-in.</exception>
    public ReadOnlyMemory<byte> Encode(Esp32Command command)
    {
        EnsureAllowed(command);
        return command.FrameMemory;
    }

    private void EnsureAllowed(Esp32Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.IsCableLock && !AllowsCableLock)
        {
            throw new InvalidOperationException(
                $"{command.Name} is a cable-lock command; this encoder was not created with CommandEncoder.WithCableLock.");
        }
    }
}
