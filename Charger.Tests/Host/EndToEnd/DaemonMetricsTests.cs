using System.Net;
using System.Text;
using Charger.Tests.TestKit;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>/metrics of the real daemon: valid Prometheus text whose numbers follow what happened.</summary>
public sealed class DaemonMetricsTests : IAsyncLifetime
{
    private RunningDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await RunningDaemon.StartAsync();
        await _daemon.AwaitStateAsync(1);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    private async Task<PrometheusScrape> Scrape()
    {
        using var response = await _daemon.Reader.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>A request is counted once its pipeline has finished, which can be just after the client has the answer.</summary>
    private async Task<PrometheusScrape> ScrapeWhen(Func<PrometheusScrape, bool> ready, string what)
    {
        PrometheusScrape scrape = null!;
        await RunningDaemon.AwaitAsync(async () => ready(scrape = await Scrape()), what);
        return scrape;
    }

    private static double ValueOr0(PrometheusScrape scrape, string name, params (string, string)[] labels)
    {
        try
        {
            return scrape.Value(name, labels);
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    [Fact]
    public async Task The_link_metrics_count_a_reconnect_and_show_the_link_up_again()
    {
        var before = await Scrape();
        Assert.Equal(1, before.Value("charger_link_up", ("charger", "cp-1")));
        var reconnects = before.Value("charger_link_reconnects_total", ("charger", "cp-1"));
        Assert.Equal("counter", before.Families["charger_link_reconnects_total"].Type);
        Assert.Equal("gauge", before.Families["charger_link_up"].Type);

        _daemon.Device.Simulator.Disappear();
        await RunningDaemon.AwaitAsync(async () => (await Scrape()).Value("charger_link_up", ("charger", "cp-1")) == 0, "link_up 0");
        _daemon.Device.Simulator.Reappear();
        await RunningDaemon.AwaitAsync(async () => (await Scrape()).Value("charger_link_up", ("charger", "cp-1")) == 1, "link_up 1 again", TimeSpan.FromSeconds(30));

        var after = await Scrape();
        Assert.Equal(reconnects + 1, after.Value("charger_link_reconnects_total", ("charger", "cp-1")));
        Assert.Equal(0, after.Value("charger_link_reconnect_attempts", ("charger", "cp-1")));
        // The serial port actor failed when the device went away and its backoff supervisor started it anew.
        Assert.Equal("counter", after.Families["charger_actor_restarts_total"].Type);
        Assert.Contains(after.Named("charger_actor_restarts_total"), s => s.Labels["actor"].EndsWith("/serial", StringComparison.Ordinal) && s.Value >= 1);
        Assert.True(after.Value("charger_events_total", ("charger", "cp-1"), ("type", "LINK_DOWN")) >= 1);
    }

    [Fact]
    public async Task Frames_events_status_age_and_subscribers_are_exported_per_charger()
    {
        _daemon.Device.Execute("plug 32");
        await _daemon.AwaitStateAsync(2);
        PrometheusScrape scrape = null!;
        await RunningDaemon.AwaitAsync(async () =>
        {
            scrape = await Scrape();
            return ValueOr0(scrape, "charger_events_total", ("charger", "cp-1"), ("type", "CABLE_CONNECTED")) == 1;
        }, "CABLE_CONNECTED counted");

        Assert.True(scrape.Value("charger_frames_received_total", ("charger", "cp-1"), ("type", "STAT")) >= 2);
        foreach (var type in (string[])["ACK", "INFO", "WARN", "ERR", "unknown", "noise"])
            Assert.True(scrape.Value("charger_frames_received_total", ("charger", "cp-1"), ("type", type)) >= 0);
        foreach (var reason in (string[])["overflow", "truncated", "malformed"])
            Assert.Equal(0, scrape.Value("charger_frames_decode_errors_total", ("charger", "cp-1"), ("reason", reason)));
        Assert.Equal(1, scrape.Value("charger_events_total", ("charger", "cp-1"), ("type", "LINK_UP")));
        Assert.Equal(0, scrape.Value("charger_events_total", ("charger", "cp-1"), ("type", "CHARGE_STARTED")));

        // Polled every second: a status is never much older than that while the link is up (loose bound: the machine is shared).
        var age = scrape.Value("charger_status_age_seconds", ("charger", "cp-1"));
        Assert.InRange(age, 0, 30);

        Assert.Equal(0, scrape.Value("charger_subscriber_dropped_total", ("charger", "cp-1"), ("subscriber", "stream")));
        Assert.Equal(0, scrape.Value("charger_subscriber_quarantined", ("charger", "cp-1"), ("subscriber", "stream")));
        Assert.True(scrape.Value("charger_subscriber_delivered_total", ("charger", "cp-1"), ("subscriber", "stream")) >= 2);
        Assert.Equal(0, scrape.Value("charger_stream_clients"));
        Assert.Equal("gauge", scrape.Families["charger_subscriber_mailbox_depth"].Type);
        Assert.InRange(scrape.Value("charger_subscriber_mailbox_depth", ("charger", "cp-1"), ("subscriber", "stream")), 0, 1000);
    }

    [Fact]
    public async Task Http_requests_are_counted_by_route_template_and_commands_by_result()
    {
        using (var byId = await _daemon.Reader.GetAsync("/api/chargers/cp-1/status")) Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        using (var unknown = await _daemon.Reader.GetAsync("/api/chargers/no-such-charger/status")) Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using (var noKey = await _daemon.Anonymous.GetAsync("/api/status")) Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        using (var nowhere = await _daemon.Reader.GetAsync("/no/such/path/abc123")) Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        using (var wrongState = await _daemon.Control.PostAsync("/api/charge/start", new StringContent("{}", Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.BadRequest, wrongState.StatusCode); // nothing plugged in: rejected
        using (var unknownCharger = await _daemon.Control.PostAsync("/api/chargers/cp-404/charge/stop", null))
            Assert.Equal(HttpStatusCode.NotFound, unknownCharger.StatusCode);

        const string Requests = "charger_http_requests_total";
        var scrape = await ScrapeWhen(s => ValueOr0(s, Requests, ("method", "POST"), ("route", "/api/chargers/{id}/charge/stop"), ("status", "404")) == 1,
            "the last request counted");
        Assert.Equal(1, scrape.Value(Requests, ("method", "GET"), ("route", "/api/chargers/{id}/status"), ("status", "200")));
        Assert.Equal(1, scrape.Value(Requests, ("method", "GET"), ("route", "/api/chargers/{id}/status"), ("status", "404")));
        Assert.True(scrape.Value(Requests, ("method", "GET"), ("route", "/api/status"), ("status", "401")) >= 1);
        Assert.Equal(1, scrape.Value(Requests, ("method", "GET"), ("route", "unmatched"), ("status", "404")));
        Assert.Equal(1, scrape.Value(Requests, ("method", "POST"), ("route", "/api/charge/start"), ("status", "400")));
        Assert.DoesNotContain(scrape, s => s.Labels.Values.Any(v => v.Contains("abc123", StringComparison.Ordinal) || v.Contains("no-such", StringComparison.Ordinal)));
        Assert.Equal("histogram", scrape.Families["charger_http_request_duration_seconds"].Type);
        Assert.Equal(1, scrape.Value("charger_http_request_duration_seconds_count", ("method", "GET"), ("route", "/api/chargers/{id}/status"), ("status", "200")));

        Assert.Equal(1, scrape.Value("charger_commands_total", ("charger", "cp-1"), ("command", "start"), ("result", "rejected")));
        Assert.Equal(1, scrape.Value("charger_commands_total", ("charger", "unknown"), ("command", "stop"), ("result", "not-delivered")));
    }

    [Fact]
    public async Task A_live_stream_client_shows_in_the_metrics_while_connected()
    {
        await using (var stream = await ServerSentEventClient.OpenAsync(_daemon.Reader, "/api/events"))
            Assert.Equal(1, (await Scrape()).Value("charger_stream_clients"));
        await RunningDaemon.AwaitAsync(async () => (await Scrape()).Value("charger_stream_clients") == 0, "the client to leave");

        var scrape = await ScrapeWhen(s => ValueOr0(s, "charger_http_requests_total", ("method", "GET"), ("route", "/api/events"), ("status", "200")) == 1,
            "the stream's request counted");
        Assert.Equal(0, ValueOr0(scrape, "charger_http_request_duration_seconds_count", ("method", "GET"), ("route", "/api/events"), ("status", "200")));
    }
}
