using Akka.Actor;
using Charger.Actors.Charging;
using Charger.Actors.Station;

namespace Charger.Host.Systemd;

/// <summary>
/// The health check behind <see cref="SystemdWatchdog"/>: the actor system runs and every charger's supervisor answers.
/// Each supervisor is asked for its status (<see cref="StateTrackerActor.GetStatus"/>, which it forwards to its tracker),
/// so the answer proves that the supervisor's and the tracker's mailboxes are being processed. A serial link that is down
/// does not matter: the tracker answers with the link's state like any other, because the daemon is fine when a device
/// is not. A supervisor that is wedged (its mailbox blocked or suspended, its tracker gone) does not answer before the
/// watchdog's deadline cancels the ask, and the check is unhealthy.
/// </summary>
public sealed class ActorTreeHealth(Func<bool> isRunning, ChargerRegistry registry)
{
    /// <summary>True when the system runs and all chargers' supervisors answered before <paramref name="cancellationToken"/> was cancelled.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        if (!isRunning()) return false;
        var asks = registry.All
            .Select(handle => handle.Supervisor.Ask<StateTrackerActor.CurrentStatus>(StateTrackerActor.GetStatus.Instance, cancellationToken))
            .ToArray();
        await Task.WhenAll(asks).ConfigureAwait(false);
        return true;
    }
}
