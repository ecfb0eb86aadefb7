using Akka.Actor;

namespace Charger.Actors.Serial;

/// <summary>
/// Moves an open port's input into the mailbox of the actor that owns the port, one <see cref="BytesReceived"/> per
/// read, so the actor handles the bytes on its own thread and the driver's read thread never waits on it. When the
/// input ends without the owner having stopped the pump, it tells <see cref="ReadEnded"/> once: the owner throws its
/// cause and its backoff supervisor reconnects.
/// </summary>
internal sealed class SerialReadPump
{
    /// <summary>One read's bytes, in the order the port delivered them.</summary>
    public sealed record BytesReceived(ReadOnlyMemory<byte> Bytes);

    /// <summary>The input ended: the driver's error, or end of file when it completed without one.</summary>
    public sealed record ReadEnded(Exception Cause);

    private readonly CancellationTokenSource _stopping = new();

    private SerialReadPump()
    {
    }

    /// <summary>Starts moving <paramref name="port"/>'s input to <paramref name="owner"/>; call from the owner's PreStart.</summary>
    public static SerialReadPump Start(ISerialPort port, IActorRef owner)
    {
        var pump = new SerialReadPump();
        var stopping = pump._stopping.Token;
        _ = Task.Run(async () =>
        {
            Exception? error = null;
            try
            {
                await foreach (var chunk in port.Input.ReadAllAsync(stopping).ConfigureAwait(false))
                    owner.Tell(new BytesReceived(chunk), null);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return; // the owner stopped it
            }
            catch (Exception e)
            {
                error = e;
            }
            if (!stopping.IsCancellationRequested)
                owner.Tell(new ReadEnded(error ?? new LinkDownException(port.Path, LinkDownReason.EndOfFile)), null);
        }, CancellationToken.None);
        return pump;
    }

    /// <summary>Stops the pump before the owner closes the port (PostStop): a deliberate close is no failure to report.</summary>
    public void Stop() => _stopping.Cancel();
}
