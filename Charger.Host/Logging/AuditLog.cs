namespace Charger.Host.Logging;

/// <summary>One line per command: who (key id, client address), which charger, what, and the result. (Skeleton.)</summary>
public sealed class AuditLog(ILogger<AuditLog> logger)
{
    public void Command(string? keyId, string? clientAddress, string chargerId, string command, string result) =>
        logger.LogInformation("Command {Command} on {ChargerId} by key {KeyId} from {ClientAddress}: {Result}", command, chargerId, keyId, clientAddress, result);
}
