namespace Charger.Actors.Ocpp.Messages;

public sealed record GetConfigurationRequest(IReadOnlyList<string>? Key = null)
{
    public const string Action = "GetConfiguration";
}

public sealed record GetConfigurationResponse(IReadOnlyList<KeyValue>? ConfigurationKey = null, IReadOnlyList<string>? UnknownKey = null);

public sealed record KeyValue(string Key, bool Readonly, string? Value = null);

public sealed record ChangeConfigurationRequest(string Key, string Value)
{
    public const string Action = "ChangeConfiguration";
}
