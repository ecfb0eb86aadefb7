namespace Charger.Host.Configuration.Settings;

/// <summary>Where the metrics go besides <c>/metrics</c>, which Prometheus scrapes.</summary>
public sealed class MetricsSettings
{
    public OtlpSettings Otlp { get; set; } = new();
}

public sealed class OtlpSettings
{
    /// <summary>
    /// An OpenTelemetry collector's OTLP/HTTP address (<c>http://collector:4318</c>): the meters are pushed
    /// to <c>{endpoint}/v1/metrics</c> as protobuf every 60 s (the SDK's default interval). Empty: no push.
    /// </summary>
    public string? Endpoint { get; set; }
}
