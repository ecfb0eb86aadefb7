using System.Globalization;

namespace Charger.Actors.Ocpp.ChargePoint;

/// <summary>
/// The configuration keys GetConfiguration reports and ChangeConfiguration may change (OCPP 1.6 section 9): the
/// standard keys this charge point supports, read-only ones refused with Rejected, unknown ones NotSupported. Values
/// changed by the central system are kept in the ledger and read over the defaults of <see cref="OcppOptions"/>.
/// </summary>
public sealed class OcppConfiguration(OcppOptions options, IReadOnlyDictionary<string, string> changed)
{
    private sealed record Key(string Name, bool Readonly, Func<OcppOptions, string> Default, Func<string, bool>? Valid = null);

    private static bool Seconds(string v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 0;

    private static bool Positive(string v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1;

    private static bool Boolean(string v) => bool.TryParse(v, out _);

    private static string B(bool b) => b ? "true" : "false";

    private static string S(TimeSpan t) => ((int)t.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static readonly Key[] Keys =
    [
        new("HeartbeatInterval", false, o => S(o.HeartbeatInterval), Seconds),
        new("WebSocketPingInterval", false, o => S(o.WebSocketPingInterval), Seconds),
        new("TransactionMessageAttempts", false, o => o.TransactionMessageAttempts.ToString(CultureInfo.InvariantCulture), Positive),
        new("TransactionMessageRetryInterval", false, o => S(o.TransactionMessageRetryInterval), Seconds),
        new("MeterValueSampleInterval", false, o => S(o.MeterValueSampleInterval), Seconds),
        new("MeterValuesSampledData", false, _ => SampledValues.DefaultList, SampledValues.IsValidList),
        new("ConnectionTimeOut", true, _ => "0"),
        new("NumberOfConnectors", true, _ => "1"),
        new("SupportedFeatureProfiles", true, _ => "Core,RemoteTrigger"),
        new("AuthorizeRemoteTxRequests", true, _ => "false"),
        new("LocalAuthorizeOffline", false, o => B(o.LocalAuthorizeOffline), Boolean),
        new("LocalPreAuthorize", false, o => B(o.LocalPreAuthorize), Boolean),
        new("AuthorizationCacheEnabled", false, o => B(o.AuthorizationCacheEnabled), Boolean),
        new("StopTransactionOnEVSideDisconnect", true, _ => "true"),
        new("StopTransactionOnInvalidId", true, _ => "false"),
        new("UnlockConnectorOnEVSideDisconnect", true, _ => "true"),
        new("ClockAlignedDataInterval", false, o => S(o.ClockAlignedDataInterval), Seconds),
        new("MeterValuesAlignedData", false, _ => SampledValues.Energy, SampledValues.IsValidList),
        new("StopTxnSampledData", true, _ => ""),
        new("StopTxnAlignedData", true, _ => ""),
        new("ResetRetries", true, _ => "0"),
        new("GetConfigurationMaxKeys", true, _ => "50"),
        // Our own, prefixed as OCPP asks for vendor keys.
        new("ChargerVendorFirmwareProtocol", true, _ => "ESP32 serial (STAT/ACK)"),
    ];

    /// <summary>Every key with its current value, in a stable order.</summary>
    public IEnumerable<(string Key, bool Readonly, string Value)> All =>
        Keys.Select(k => (k.Name, k.Readonly, Value(k)));

    public bool TryGet(string name, out (string Key, bool Readonly, string Value) entry)
    {
        var key = Keys.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
        entry = key is null ? default : (key.Name, key.Readonly, Value(key));
        return key is not null;
    }

    /// <summary>Accepted, Rejected (read-only or a bad value) or NotSupported (unknown), as ChangeConfiguration answers.</summary>
    public static string Check(string name, string value, out string canonicalName)
    {
        var key = Keys.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
        canonicalName = key?.Name ?? name;
        if (key is null) return "NotSupported";
        if (key.Readonly || key.Valid is { } valid && !valid(value)) return "Rejected";
        return "Accepted";
    }

    public TimeSpan HeartbeatInterval => SecondsOf("HeartbeatInterval");

    public TimeSpan WebSocketPingInterval => SecondsOf("WebSocketPingInterval");

    public int TransactionMessageAttempts => int.Parse(Value("TransactionMessageAttempts"), CultureInfo.InvariantCulture);

    public TimeSpan TransactionMessageRetryInterval => SecondsOf("TransactionMessageRetryInterval");

    public TimeSpan MeterValueSampleInterval => SecondsOf("MeterValueSampleInterval");

    /// <summary>The measurands of a periodic (and triggered) MeterValues.</summary>
    public IReadOnlySet<string> MeterValuesSampledData => SampledValues.Parse(Value("MeterValuesSampledData")) ?? SampledValues.Parse(SampledValues.DefaultList)!;

    public TimeSpan ClockAlignedDataInterval => SecondsOf("ClockAlignedDataInterval");

    /// <summary>The measurands of a clock-aligned MeterValues.</summary>
    public IReadOnlySet<string> MeterValuesAlignedData => SampledValues.Parse(Value("MeterValuesAlignedData")) ?? new HashSet<string> { SampledValues.Energy };

    /// <summary>Offline, an idTag Accepted in the authorization cache (and not expired) may start a charge.</summary>
    public bool LocalAuthorizeOffline => bool.Parse(Value("LocalAuthorizeOffline"));

    /// <summary>Online, an idTag Accepted in the authorization cache starts at once, without waiting for Authorize.conf.</summary>
    public bool LocalPreAuthorize => bool.Parse(Value("LocalPreAuthorize"));

    /// <summary>Authorize.conf and StartTransaction.conf answers are kept in the authorization cache and read from it.</summary>
    public bool AuthorizationCacheEnabled => bool.Parse(Value("AuthorizationCacheEnabled"));

    private TimeSpan SecondsOf(string name) => TimeSpan.FromSeconds(int.Parse(Value(name), CultureInfo.InvariantCulture));

    private string Value(string name) => Value(Keys.First(k => k.Name == name));

    private string Value(Key key) => changed.TryGetValue(key.Name, out var v) ? v : key.Default(options);
}
