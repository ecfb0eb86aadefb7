using Charger.Tests.TestKit;

namespace Charger.Tests.Host.Metrics;

/// <summary>The test parser must reject what Prometheus rejects, or the metrics tests prove nothing.</summary>
public sealed class PrometheusTextParserTests
{
    private const string Valid = """
        # HELP http_requests_total Requests \\ served,\nby route.
        # TYPE http_requests_total counter
        http_requests_total{route="/api/status",code="200"} 3
        http_requests_total{route="a \"b\" \\ c\nd"} 1 1700000000000
        # TYPE temperature gauge
        temperature -3.5e1
        temperature{sensor="x",} NaN
        # A comment.

        # TYPE latency_seconds histogram
        latency_seconds_bucket{le="0.1"} 1
        latency_seconds_bucket{le="1"} 2
        latency_seconds_bucket{le="+Inf"} 3
        latency_seconds_sum 4.25
        latency_seconds_count 3

        """;

    [Fact]
    public void A_valid_scrape_gives_samples_families_and_unescaped_text()
    {
        var scrape = PrometheusText.Parse(Valid.Replace("\r\n", "\n", StringComparison.Ordinal));

        Assert.Equal(9, scrape.Count);
        Assert.Equal(3, scrape.Value("http_requests_total", ("route", "/api/status"), ("code", "200")));
        Assert.Equal(1, scrape.Value("http_requests_total", ("route", "a \"b\" \\ c\nd")));
        Assert.Equal(-35, scrape.Value("temperature"));
        Assert.True(double.IsNaN(scrape.Value("temperature", ("sensor", "x"))));
        Assert.Equal(3, scrape.Value("latency_seconds_bucket", ("le", "+Inf")));
        Assert.Equal("Requests \\ served,\nby route.", scrape.Families["http_requests_total"].Help);
        Assert.Equal("histogram", scrape.FamilyOf(scrape.Named("latency_seconds_sum").Single()).Type);
        Assert.Throws<InvalidOperationException>(() => scrape.Value("temperature", ("sensor", "y")));
    }

    [Theory]
    [InlineData("x 1\n", 1, "no family declared by # TYPE")]
    [InlineData("# TYPE x gauge\nx 1", 2, "must end with a line feed")]
    [InlineData("# TYPE x gauge\r\nx 1\n", 1, "carriage return")]
    [InlineData("# TYPE 1x gauge\n", 1, "bad metric name")]
    [InlineData("# TYPE x-y gauge\n", 1, "bad metric name")]
    [InlineData("# TYPE x meter\n", 1, "unknown type")]
    [InlineData("# TYPE x gauge\n# TYPE x gauge\n", 2, "second TYPE")]
    [InlineData("# HELP x a\n# HELP x b\n", 2, "second HELP")]
    [InlineData("# HELP x bad \\t escape\n", 1, "bad escape")]
    [InlineData("# TYPE x gauge\nx{1a=\"v\"} 1\n", 2, "bad label name")]
    [InlineData("# TYPE x gauge\nx{a=v} 1\n", 2, "expected '\"'")]
    [InlineData("# TYPE x gauge\nx{a=\"v} 1\n", 2, "unterminated value")]
    [InlineData("# TYPE x gauge\nx{a=\"\\t\"} 1\n", 2, "bad escape")]
    [InlineData("# TYPE x gauge\nx{a=\"1\",a=\"2\"} 1\n", 2, "appears twice")]
    [InlineData("# TYPE x gauge\nx{a=\"1\" b=\"2\"} 1\n", 2, "expected ',' or '}'")]
    [InlineData("# TYPE x gauge\nx one\n", 2, "not a float")]
    [InlineData("# TYPE x gauge\nx 1,5\n", 2, "not a float")]
    [InlineData("# TYPE x gauge\nx 1 2 3\n", 2, "at most a timestamp")]
    [InlineData("# TYPE x gauge\nx 1 now\n", 2, "not a timestamp")]
    [InlineData("# TYPE x gauge\nx 1 \n", 2, "trailing whitespace")]
    [InlineData("# TYPE x gauge\nx1\n", 2, "expected whitespace")]
    [InlineData("# TYPE x gauge\nx 1\nx 2\n", 3, "appears twice")]
    [InlineData("# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\nx{a=\"b\"} 2\n", 5, "not grouped")]
    [InlineData("x 1\n# TYPE x gauge\n", 1, "no family")]
    [InlineData("# TYPE x_total counter\nx_total -1\n", 2, "cannot be -1")]
    [InlineData("# TYPE h histogram\nh 1\n", 2, "no family")]
    [InlineData("# TYPE h histogram\nh_bucket 1\n", 2, "le label")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\n", 3, "no _count")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", 3, "no _sum")]
    [InlineData("# TYPE h histogram\nh_sum 1\nh_count 1\n", 3, "no buckets")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", 2, "no +Inf bucket")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", 3, "cumulative")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", 3, "increasing le")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n", 4, "must equal _count")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count{le=\"1\"} 1\n", 4, "only buckets")]
    public void Bad_input_is_rejected_naming_the_line(string text, int line, string reason)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse(text));
        Assert.StartsWith($"Line {line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
