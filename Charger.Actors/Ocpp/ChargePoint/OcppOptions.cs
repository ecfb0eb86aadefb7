namespace Charger.Actors.Ocpp.ChargePoint;

/// <summary>
/// One charger's connection to a central system (OCPP 1.6J, security profiles 1 and 2): where, as whom, and the
/// defaults of the configuration keys a central system may change (ChangeConfiguration keeps its changes in the ledger).
/// </summary>
public sealed record OcppOptions
{
    /// <summary>The central system's endpoint, ws:// or wss://; the charge point's id is appended as the last path segment.</summary>
    public required Uri Endpoint { get; init; }

    public required string ChargePointId { get; init; }

    /// <summary>Security profile 1/2: HTTP Basic auth with the charge point id as user and this as password. Never logged.</summary>
    public string? AuthorizationKey { get; init; }

    public string Vendor { get; init; } = "Charger";

    public string Model { get; init; } = "Charger AC";

    public string? FirmwareVersion { get; init; }

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    public double RandomFactor { get; init; } = 0.2;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a CALL waits for its CALLRESULT or CALLERROR.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Until a BootNotification.conf says otherwise; capped at a day so the clock is checked daily.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A Pending or Rejected boot with interval 0 is retried after this.</summary>
    public TimeSpan BootRetryInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>WebSocket ping interval; zero turns pings off.</summary>
    public TimeSpan WebSocketPingInterval { get; init; } = TimeSpan.FromSeconds(30);

    public int TransactionMessageAttempts { get; init; } = 3;

    public TimeSpan TransactionMessageRetryInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A MeterValues per running transaction this often; zero: none.</summary>
    public TimeSpan MeterValueSampleInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>MeterValues with context Sample.Clock at every multiple of this since midnight UTC; zero (OCPP's default): none.</summary>
    public TimeSpan ClockAlignedDataInterval { get; init; } = TimeSpan.Zero;

    /// <summary>The default of LocalAuthorizeOffline: offline, an idTag Accepted in the authorization cache may start a charge.</summary>
    public bool LocalAuthorizeOffline { get; init; } = true;

    /// <summary>The default of LocalPreAuthorize: online, a cached Accepted idTag starts without waiting for Authorize.conf.</summary>
    public bool LocalPreAuthorize { get; init; }

    /// <summary>The default of AuthorizationCacheEnabled.</summary>
    public bool AuthorizationCacheEnabled { get; init; } = true;

    /// <summary>How long a start waits for Authorize.conf before it is decided as offline (from the authorization cache).</summary>
    public TimeSpan AuthorizeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The ledger snapshots its state after this many journaled events.</summary>
    public int SnapshotEvery { get; init; } = 100;

    /// <summary>The endpoint plus the percent-encoded charge point id (OCPP-J 3.1.1).</summary>
    public Uri ConnectionUrl
    {
        get
        {
            var text = Endpoint.ToString();
            return new Uri((text.EndsWith('/') ? text : text + "/") + Uri.EscapeDataString(ChargePointId));
        }
    }

    public void Validate()
    {
        if (Endpoint is not { IsAbsoluteUri: true } || Endpoint.Scheme is not ("ws" or "wss"))
            throw new ArgumentException($"ocpp.url must be an absolute ws:// or wss:// URL, got '{Endpoint}'.");
        if (string.IsNullOrWhiteSpace(ChargePointId) || ChargePointId.Length > 48)
            throw new ArgumentException("ocpp.charge-point-id must be 1..48 characters.");
        if (AuthorizationKey is { Length: > 0 and (< 16 or > 40) })
            throw new ArgumentException("ocpp.authorization-key must be 16..40 characters (OCPP security whitepaper, profile 1/2).");
        if (MinBackoff <= TimeSpan.Zero || MaxBackoff < MinBackoff)
            throw new ArgumentException("ocpp.min-backoff must be positive and at most ocpp.max-backoff.");
        if (AuthorizeTimeout <= TimeSpan.Zero || AuthorizeTimeout > TimeSpan.FromSeconds(20))
            throw new ArgumentException("ocpp.authorize-timeout must be more than 0 s and at most 20 s (an API start waits for it).");
        if (CallTimeout <= TimeSpan.Zero) throw new ArgumentException("ocpp.call-timeout must be positive.");
        if (TransactionMessageAttempts < 1) throw new ArgumentException("ocpp.transaction-message-attempts must be at least 1.");
        if (MeterValueSampleInterval < TimeSpan.Zero) throw new ArgumentException("ocpp.meter-value-sample-interval must not be negative.");
        if (ClockAlignedDataInterval < TimeSpan.Zero) throw new ArgumentException("ocpp.clock-aligned-data-interval must not be negative.");
        if (TransactionMessageRetryInterval < TimeSpan.Zero) throw new ArgumentException("ocpp.transaction-message-retry-interval must not be negative.");
        if (Vendor.Length > 20 || Model.Length > 20) throw new ArgumentException("ocpp vendor and model are at most 20 characters.");
    }
}
