namespace Charger.Actors.Ocpp.Messages;

public sealed record MeterValuesRequest(int ConnectorId, IReadOnlyList<MeterValue> MeterValue, int? TransactionId = null)
{
    public const string Action = "MeterValues";
}

public sealed record MeterValuesResponse;

public sealed record MeterValue(DateTimeOffset Timestamp, IReadOnlyList<SampledValue> SampledValue);

/// <param name="Measurand">e.g. Current.Offered, Energy.Active.Import.Register (the default when absent).</param>
/// <param name="Context">e.g. Sample.Periodic, Transaction.Begin, Trigger.</param>
public sealed record SampledValue(
    string Value,
    string? Context = null,
    string? Format = null,
    string? Measurand = null,
    string? Phase = null,
    string? Location = null,
    string? Unit = null);
