using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Charger.Host.Metrics;

/// <summary>
/// Listens to the process' System.Diagnostics.Metrics instruments (of meters named with
/// <see cref="MetricsCollectorOptions.MeterPrefix"/>) and keeps what a Prometheus scrape needs.
/// Hand-written because no Prometheus or OpenTelemetry exporter package restores here; it is kept
/// to what /metrics uses.
/// </summary>
/// <remarks>
/// <para>Mapping: Counter and ObservableCounter are counters; UpDownCounter, Gauge, ObservableGauge and
/// ObservableUpDownCounter are gauges; Histogram is a histogram. Names follow <see cref="PrometheusNaming"/>.</para>
/// <para>Only measurements made after construction count, so create the collector at start-up, not on
/// the first scrape. Observable instruments are polled during <see cref="Collect"/>.</para>
/// <para>Two instruments that map to one Prometheus name cannot both be exported (a family is declared
/// once): the first one published wins and the other is logged and ignored.</para>
/// </remarks>
public sealed class MetricsCollector : IDisposable
{
    private readonly string _prefix;
    private readonly object? _scope;
    private readonly double[] _buckets;
    private readonly ILogger _logger;
    private readonly Lock _registryLock = new();
    private readonly Dictionary<string, InstrumentState> _byName = new(StringComparer.Ordinal);
    private readonly Lock _scrapeLock = new();
    private readonly MeterListener _listener;

    /// <param name="meterScope">When given, only meters with this <see cref="Meter.Scope"/> are exported (see <see cref="MetricsCollectorOptions.ScopeToHost"/>).</param>
    public MetricsCollector(MetricsCollectorOptions options, ILogger<MetricsCollector>? logger = null, object? meterScope = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.MeterPrefix);
        _prefix = options.MeterPrefix;
        _scope = meterScope;
        _buckets = ValidBounds(options.HistogramBuckets)
            ?? throw new ArgumentException("Histogram buckets must be finite and strictly increasing.", nameof(options));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<byte>(static (_, v, tags, state) => ((InstrumentState)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, v, tags, state) => ((InstrumentState)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, v, tags, state) => ((InstrumentState)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, v, tags, state) => ((InstrumentState)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, v, tags, state) => ((InstrumentState)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, v, tags, state) => ((InstrumentState)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, v, tags, state) => ((InstrumentState)state!).Record((double)v, tags));
        _listener.Start(); // publishes the instruments that already exist, too
    }

    /// <summary>Polls the observable instruments and returns every family with at least one series, sorted by name.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        // One scrape at a time: polling clears and refills the observable series, which two
        // concurrent scrapes would interleave.
        lock (_scrapeLock)
        {
            InstrumentState[] states;
            lock (_registryLock) states = [.. _byName.Values];
            foreach (var state in states)
                if (state.IsObservable) state.Clear();
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException e)
            {
                // The listener still polls the other instruments; only the failed ones are missing.
                _logger.LogWarning(e, "An observable instrument's callback failed; its series are missing from this scrape");
            }
            return states.Select(s => s.Snapshot())
                .Where(f => f.Series.Count > 0)
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .ToArray();
        }
    }

    /// <summary>The current metrics in Prometheus text format 0.0.4.</summary>
    public string Scrape()
    {
        var writer = new StringWriter();
        PrometheusTextWriter.Write(writer, Collect());
        return writer.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!instrument.Meter.Name.StartsWith(_prefix, StringComparison.Ordinal)) return;
        if (_scope is not null && !ReferenceEquals(instrument.Meter.Scope, _scope)) return;
        var state = CreateState(instrument);
        if (state is null)
        {
            _logger.LogWarning("Instrument {Instrument} of meter {Meter} is of a kind the Prometheus exporter does not know ({Kind}); not exported",
                instrument.Name, instrument.Meter.Name, instrument.GetType().Name);
            return;
        }
        lock (_registryLock)
        {
            if (!_byName.TryAdd(state.Name, state))
            {
                _logger.LogWarning("Instrument {Instrument} of meter {Meter} maps to Prometheus name {Name}, which another instrument already has; not exported",
                    instrument.Name, instrument.Meter.Name, state.Name);
                return;
            }
        }
        listener.EnableMeasurementEvents(instrument, state);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is not InstrumentState done) return;
        lock (_registryLock)
        {
            if (_byName.TryGetValue(done.Name, out var current) && ReferenceEquals(current, done))
                _byName.Remove(done.Name);
        }
    }

    private InstrumentState? CreateState(Instrument instrument)
    {
        var kind = instrument.GetType() is { IsGenericType: true } type ? type.GetGenericTypeDefinition() : null;
        (MetricType Type, bool Observable, bool Accumulate)? mapping = kind switch
        {
            _ when kind == typeof(Counter<>) => (MetricType.Counter, false, true),
            _ when kind == typeof(UpDownCounter<>) => (MetricType.Gauge, false, true),
            _ when kind == typeof(Gauge<>) => (MetricType.Gauge, false, false),
            _ when kind == typeof(Histogram<>) => (MetricType.Histogram, false, false),
            // Observable instruments report their current total or level, never an increment.
            _ when kind == typeof(ObservableCounter<>) => (MetricType.Counter, true, false),
            _ when kind == typeof(ObservableUpDownCounter<>) => (MetricType.Gauge, true, false),
            _ when kind == typeof(ObservableGauge<>) => (MetricType.Gauge, true, false),
            _ => null,
        };
        if (mapping is not { } m) return null;
        var name = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, m.Type);
        // Prometheus wants help text on every family; an instrument without a description gets its own name.
        var help = string.IsNullOrEmpty(instrument.Description) ? instrument.Name : instrument.Description;
        return m.Type == MetricType.Histogram
            ? new HistogramInstrumentState(name, help, ValidBounds(AdvisedBounds(instrument)) ?? _buckets)
            : new ScalarInstrumentState(name, m.Type, help, m.Observable, m.Accumulate);
    }

    private static IEnumerable<double>? AdvisedBounds(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
        Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<short> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<byte> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<decimal> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        _ => null,
    };

    private static double[]? ValidBounds(IEnumerable<double>? bounds)
    {
        if (bounds is null) return null;
        var array = bounds.ToArray();
        for (var i = 0; i < array.Length; i++)
            if (!double.IsFinite(array[i]) || (i > 0 && array[i] <= array[i - 1])) return null;
        return array;
    }
}
