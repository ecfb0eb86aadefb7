using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace Charger.Benchmarks.Support;

/// <summary>
/// Adds BenchmarkDotNet's Op/s column. With OperationsPerInvoke set to the number of messages in a
/// round, one operation is one message, so Op/s reads directly as messages per second.
/// </summary>
public sealed class MessagesPerSecondConfig : ManualConfig
{
    public MessagesPerSecondConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
}
