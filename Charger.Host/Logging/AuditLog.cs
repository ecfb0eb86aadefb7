namespace Charger.Host.Logging;

/// <summary>
/// One line per command, under the logger category <c>Charger.Audit</c> with the property
/// <c>Audit=true</c> (filter with <c>jq 'select(.Audit)'</c> on the JSON file): which key
/// (its id, never the key), from which client address, which charger, which command, and the result.
/// The template is stable: tools may match on it (<c>:l</c> renders strings without quotes).
/// </summary>
public sealed partial class AuditLog(ILoggerFactory loggerFactory)
{
    public const string Category = "Charger.Audit";

    public const string Template = "Audit: command {Command:l} on charger {ChargerId:l} by key {KeyId:l} from {ClientAddress:l}: {Result:l}";

    private static readonly IReadOnlyList<KeyValuePair<string, object?>> AuditProperty = [new("Audit", true)];

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    public void Command(string? keyId, string? clientAddress, string chargerId, string command, string result)
    {
        using (_logger.BeginScope(AuditProperty))
            LogCommand(_logger, command, chargerId, keyId, clientAddress, result);
    }

    [LoggerMessage(EventId = 1, EventName = "Audit", Level = LogLevel.Information, Message = Template)]
    private static partial void LogCommand(ILogger logger, string command, string chargerId, string? keyId, string? clientAddress, string result);
}
