using System.Diagnostics.Metrics;
using Charger.Host.Metrics;
using Charger.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Charger.Tests.Host.Metrics;

/// <summary>
/// Each test has its own meter name and a collector that listens only to it, so tests running in
/// parallel never see each other's instruments.
/// </summary>
public sealed class MetricsCollectorTests : IDisposable
{
    private readonly string _meterName = $"Charger.Test{Guid.NewGuid():N}";
    private readonly Meter _meter;
    private readonly CapturingLoggerProvider _logs = new();
    private readonly MetricsCollector _collector;

    public MetricsCollectorTests()
    {
        _meter = new Meter(_meterName);
        _collector = new MetricsCollector(new MetricsCollectorOptions { MeterPrefix = _meterName }, _logs.CreateLogger<MetricsCollector>());
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Counter_adds_from_many_threads_per_tag_set()
    {
        var counter = _meter.CreateCounter<long>("charger.link.reconnects", description: "Times the serial link reconnected.");
        const int Threads = 8, PerThread = 5_000;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                // The same tags in either order are one series.
                if (i % 2 == 0) counter.Add(1, new("charger", "a"), new("reason", t % 2 == 0 ? "eof" : "silence"));
                else counter.Add(1, new("reason", t % 2 == 0 ? "eof" : "silence"), new("charger", "a"));
            }
        });
        counter.Add(3);

        var text = _collector.Scrape();
        var scrape = PrometheusText.Parse(text);

        Assert.Equal(new PrometheusFamily("charger_link_reconnects_total", "counter", "Times the serial link reconnected."),
            scrape.Families["charger_link_reconnects_total"]);
        Assert.Equal(Threads / 2 * PerThread, scrape.Value("charger_link_reconnects_total", ("charger", "a"), ("reason", "eof")));
        Assert.Equal(Threads / 2 * PerThread, scrape.Value("charger_link_reconnects_total", ("charger", "a"), ("reason", "silence")));
        Assert.Equal(3, scrape.Value("charger_link_reconnects_total"));
        Assert.Equal(3, scrape.Count);
        Assert.Equal(
            """
            # HELP charger_link_reconnects_total Times the serial link reconnected.
            # TYPE charger_link_reconnects_total counter
            charger_link_reconnects_total 3
            charger_link_reconnects_total{charger="a",reason="eof"} 20000
            charger_link_reconnects_total{charger="a",reason="silence"} 20000

            """, text);
    }

    [Fact]
    public void Counter_ignores_negative_adds_and_an_up_down_counter_is_a_gauge_that_goes_below_zero()
    {
        var counter = _meter.CreateCounter<double>("sent");
        var level = _meter.CreateUpDownCounter<int>("charger.subscribers.queued");
        counter.Add(2.5);
        counter.Add(-1);
        level.Add(2);
        level.Add(-5);

        var scrape = PrometheusText.Parse(_collector.Scrape());

        Assert.Equal(2.5, scrape.Value("sent_total"));
        Assert.Equal("gauge", scrape.Families["charger_subscribers_queued"].Type);
        Assert.Equal(-3, scrape.Value("charger_subscribers_queued"));
    }

    [Fact]
    public void Gauge_keeps_the_last_value_per_series()
    {
        var current = _meter.CreateGauge<double>("charger.max-current", unit: "A");
        current.Record(16, new KeyValuePair<string, object?>("charger", "a"));
        current.Record(32, new KeyValuePair<string, object?>("charger", "a"));
        current.Record(6, new KeyValuePair<string, object?>("charger", "b"));

        var scrape = PrometheusText.Parse(_collector.Scrape());

        Assert.Equal("gauge", scrape.Families["charger_max_current"].Type);
        Assert.Equal("charger.max-current", scrape.Families["charger_max_current"].Help); // no description: the instrument's name
        Assert.Equal(32, scrape.Value("charger_max_current", ("charger", "a")));
        Assert.Equal(6, scrape.Value("charger_max_current", ("charger", "b")));
    }

    [Fact]
    public void Histogram_from_many_threads_has_cumulative_buckets_sum_and_count()
    {
        var duration = _meter.CreateHistogram<double>("charger.command.duration", unit: "s", description: "Command round trip.");
        double[] values = [0.001, 0.005, 0.007, 0.3, 0.3, 2, 11]; // 0.005 is on a bound: it counts in le="0.005"
        const int Threads = 4, Rounds = 1_000;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (var r = 0; r < Rounds; r++)
                foreach (var v in values) duration.Record(v, new KeyValuePair<string, object?>("command", t % 2 == 0 ? "start" : "stop"));
        });

        var scrape = PrometheusText.Parse(_collector.Scrape());

        const string Name = "charger_command_duration_seconds";
        Assert.Equal("histogram", scrape.Families[Name].Type);
        var perCommand = Threads / 2 * Rounds;
        foreach (var command in (string[])["start", "stop"])
        {
            double Bucket(string le) => scrape.Value(Name + "_bucket", ("command", command), ("le", le));
            Assert.Equal(2 * perCommand, Bucket("0.005"));
            Assert.Equal(3 * perCommand, Bucket("0.01"));
            Assert.Equal(3 * perCommand, Bucket("0.25"));
            Assert.Equal(5 * perCommand, Bucket("0.5"));
            Assert.Equal(6 * perCommand, Bucket("2.5"));
            Assert.Equal(6 * perCommand, Bucket("10"));
            Assert.Equal(7 * perCommand, Bucket("+Inf"));
            Assert.Equal(7 * perCommand, scrape.Value(Name + "_count", ("command", command)));
            Assert.Equal(values.Sum() * perCommand, scrape.Value(Name + "_sum", ("command", command)), 6);
        }
        Assert.Equal(12, scrape.Named(Name + "_bucket").Count() / 2); // 11 default bounds and +Inf
    }

    [Fact]
    public void Histogram_buckets_come_from_options_or_from_the_instrument_advice()
    {
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterPrefix = _meterName, HistogramBuckets = [1, 10] });
        var plain = _meter.CreateHistogram<int>("plain");
        var advised = _meter.CreateHistogram<long>("advised", unit: null, description: null, tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [100, 200, 300] });
        plain.Record(5);
        advised.Record(250);

        var scrape = PrometheusText.Parse(collector.Scrape());

        Assert.Equal(["1", "10", "+Inf"], scrape.Named("plain_bucket").Select(s => s.Labels["le"]));
        Assert.Equal([0, 1, 1], scrape.Named("plain_bucket").Select(s => s.Value));
        Assert.Equal(["100", "200", "300", "+Inf"], scrape.Named("advised_bucket").Select(s => s.Labels["le"]));
        Assert.Equal([0, 0, 1, 1], scrape.Named("advised_bucket").Select(s => s.Value));
    }

    [Fact]
    public void Bad_bucket_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new MetricsCollector(new MetricsCollectorOptions { MeterPrefix = _meterName, HistogramBuckets = [1, 1] }));
        Assert.Throws<ArgumentException>(() => new MetricsCollector(new MetricsCollectorOptions { MeterPrefix = _meterName, HistogramBuckets = [1, double.PositiveInfinity] }));
    }

    [Fact]
    public void Observable_instruments_are_polled_at_each_scrape_and_series_they_stop_reporting_disappear()
    {
        var polls = 0;
        var chargers = new List<string> { "a", "b" };
        _meter.CreateObservableGauge("charger.link.up", () =>
        {
            polls++;
            return chargers.Select(c => new Measurement<int>(polls, new KeyValuePair<string, object?>("charger", c))).ToArray();
        });
        _meter.CreateObservableCounter("charger.energy_wh", () => 1000L * polls);
        _meter.CreateObservableUpDownCounter("charger.sessions.open", () => 2);
        Assert.Equal(0, polls); // nothing is observed before a scrape

        var first = PrometheusText.Parse(_collector.Scrape());
        chargers.Remove("b");
        var second = PrometheusText.Parse(_collector.Scrape());

        Assert.Equal(1, first.Value("charger_link_up", ("charger", "b")));
        Assert.Equal(2, second.Value("charger_link_up", ("charger", "a")));
        Assert.DoesNotContain(second.Named("charger_link_up"), s => s.Labels["charger"] == "b");
        Assert.Equal("counter", second.Families["charger_energy_wh_total"].Type);
        Assert.Equal(1000, first.Value("charger_energy_wh_total")); // a reported total, not added up
        Assert.Equal(2000, second.Value("charger_energy_wh_total"));
        Assert.Equal("gauge", second.Families["charger_sessions_open"].Type);
        Assert.Equal(2, second.Value("charger_sessions_open"));
    }

    [Fact]
    public void A_failing_observable_callback_costs_only_its_own_series()
    {
        Func<int> broken = () => throw new InvalidOperationException("sensor gone");
        _meter.CreateObservableGauge("broken", broken);
        _meter.CreateObservableGauge("working", () => 7);
        _meter.CreateCounter<int>("counted").Add(1);

        var scrape = PrometheusText.Parse(_collector.Scrape());

        Assert.Equal(7, scrape.Value("working"));
        Assert.Equal(1, scrape.Value("counted_total"));
        Assert.False(scrape.Families.ContainsKey("broken")); // a family with no series is left out
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Exception?.InnerException?.Message == "sensor gone");
    }

    [Fact]
    public void Label_values_and_help_are_escaped_and_survive_a_round_trip()
    {
        const string Awkward = "C:\\path \"quoted\"\nnext line";
        var counter = _meter.CreateCounter<int>("odd", unit: null, description: "Help with \\ and\na new line.");
        counter.Add(1, new KeyValuePair<string, object?>("value", Awkward), new("flag", true), new("number", 1.5), new("nothing", null));

        var text = _collector.Scrape();
        var scrape = PrometheusText.Parse(text);

        Assert.Contains("# HELP odd_total Help with \\\\ and\\na new line.\n", text, StringComparison.Ordinal);
        Assert.Contains("value=\"C:\\\\path \\\"quoted\\\"\\nnext line\"", text, StringComparison.Ordinal);
        Assert.Equal("Help with \\ and\na new line.", scrape.Families["odd_total"].Help);
        Assert.Equal(1, scrape.Value("odd_total", ("flag", "true"), ("nothing", ""), ("number", "1.5"), ("value", Awkward)));
    }

    [Fact]
    public void Scrapes_are_sorted_and_repeatable()
    {
        var zebra = _meter.CreateCounter<int>("zebra");
        var alpha = _meter.CreateGauge<int>("alpha");
        var middle = _meter.CreateHistogram<double>("middle");
        foreach (var id in (string[])["c", "a", "b"])
        {
            zebra.Add(1, new KeyValuePair<string, object?>("id", id));
            alpha.Record(1, new KeyValuePair<string, object?>("id", id));
            middle.Record(1, new KeyValuePair<string, object?>("id", id));
        }

        var text = _collector.Scrape();
        var scrape = PrometheusText.Parse(text);

        Assert.Equal(["alpha", "middle", "zebra_total"], scrape.Select(s => scrape.FamilyOf(s).Name).Distinct());
        Assert.Equal(["a", "b", "c"], scrape.Named("zebra_total").Select(s => s.Labels["id"]));
        Assert.Equal(["a", "b", "c"], scrape.Named("middle_count").Select(s => s.Labels["id"]));
        Assert.Equal(text, _collector.Scrape());
    }

    [Fact]
    public void Only_meters_with_the_prefix_are_exported()
    {
        using var other = new Meter("Other" + _meterName);
        other.CreateCounter<int>("foreign").Add(1);
        _meter.CreateCounter<int>("own").Add(1);

        var scrape = PrometheusText.Parse(_collector.Scrape());

        Assert.Equal(["own_total"], scrape.Families.Keys);
    }

    [Fact]
    public void Scoped_to_a_meter_factory_only_that_factorys_meters_are_exported()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var otherFactory = otherHost.GetRequiredService<IMeterFactory>();
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterPrefix = _meterName }, meterScope: factory);
        // Same meter and instrument names in three places, as two daemons in one test process would have.
        factory.Create(_meterName).CreateCounter<int>("requests").Add(2);
        otherFactory.Create(_meterName).CreateCounter<int>("requests").Add(5);
        _meter.CreateCounter<int>("requests").Add(7);

        Assert.Equal(2, PrometheusText.Parse(collector.Scrape()).Value("requests_total"));
    }

    [Fact]
    public void A_disposed_meter_leaves_the_scrape_and_a_name_clash_keeps_the_first_instrument()
    {
        using var second = new Meter(_meterName + ".Second");
        _meter.CreateCounter<int>("requests").Add(1);
        second.CreateCounter<int>("requests").Add(5); // the same Prometheus name: refused
        using (var shortLived = new Meter(_meterName + ".ShortLived"))
            shortLived.CreateGauge<int>("gone").Record(1);

        var scrape = PrometheusText.Parse(_collector.Scrape());

        Assert.Equal(1, scrape.Value("requests_total"));
        Assert.False(scrape.Families.ContainsKey("gone"));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("requests_total", StringComparison.Ordinal));
    }

    [Fact]
    public void Instruments_made_before_the_collector_are_exported_but_earlier_measurements_are_not()
    {
        using var meter = new Meter(_meterName + ".Early");
        var early = meter.CreateCounter<int>("early");
        early.Add(100);
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterPrefix = meter.Name });
        early.Add(1);

        Assert.Equal(1, PrometheusText.Parse(collector.Scrape()).Value("early_total"));
    }
}
