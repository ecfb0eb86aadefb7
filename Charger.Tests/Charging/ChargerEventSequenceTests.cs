using Charger.Actors.Charging;

namespace Charger.Tests.Charging;

public sealed class ChargerEventSequenceTests
{
    [Fact]
    public void Numbers_grow_by_one_across_types_and_each_type_is_counted_from_many_threads()
    {
        var sequence = new ChargerEventSequence();
        const int Threads = 4, PerThread = 2_000;
        var numbers = new long[Threads][];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            numbers[t] = new long[PerThread];
            for (var i = 0; i < PerThread; i++)
                numbers[t][i] = sequence.Next(t % 2 == 0 ? ChargerEventType.ChargeStarted : ChargerEventType.LinkUp);
        });

        Assert.Equal(Enumerable.Range(1, Threads * PerThread).Select(i => (long)i), numbers.SelectMany(n => n).Order());
        Assert.Equal(Threads * PerThread, sequence.Last);
        Assert.Equal(Threads / 2 * PerThread, sequence.CountOf(ChargerEventType.ChargeStarted));
        Assert.Equal(Threads / 2 * PerThread, sequence.CountOf(ChargerEventType.LinkUp));
        var counts = sequence.Counts().ToDictionary(c => c.Type, c => c.Count);
        Assert.Equal(Enum.GetValues<ChargerEventType>().Length, counts.Count); // zeros too
        Assert.Equal(0, counts[ChargerEventType.FaultDetected]);
    }
}
