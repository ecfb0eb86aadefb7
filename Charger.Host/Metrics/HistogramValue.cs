namespace Charger.Host.Metrics;

/// <summary>
/// One histogram series at scrape time. <see cref="CumulativeCounts"/> has one entry per upper bound in
/// <see cref="Bounds"/> (observations &lt;= that bound) plus a last one for +Inf, which equals <see cref="Count"/>.
/// </summary>
public sealed record HistogramValue(IReadOnlyList<double> Bounds, IReadOnlyList<long> CumulativeCounts, double Sum, long Count);
