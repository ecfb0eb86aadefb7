using Charger.Actors.Simulation;

namespace Charger.Tests.Simulation;

public sealed class FaultInjectorTests
{
    private static readonly byte[] Line = "<STAT;CP=0;CPV=3925;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=32;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>\r\n"u8.ToArray();

    [Fact]
    public void Without_faults_bytes_pass_unchanged()
    {
        var faults = new FaultInjector(7);
        Assert.Equal(Line, faults.ApplyToHost(Line));
        Assert.Equal(Line, faults.ApplyFromHost(Line));
    }

    [Fact]
    public void The_same_seed_gives_the_same_faults()
    {
        var settings = new ByteFaults(DropProbability: 0.05, CorruptProbability: 0.05, DuplicateProbability: 0.05);
        var a = new FaultInjector(42) { ToHost = settings };
        var b = new FaultInjector(42) { ToHost = settings };
        var c = new FaultInjector(43) { ToHost = settings };

        var fromA = Enumerable.Range(0, 20).SelectMany(_ => a.ApplyToHost(Line)).ToArray();
        var fromB = Enumerable.Range(0, 20).SelectMany(_ => b.ApplyToHost(Line)).ToArray();
        var fromC = Enumerable.Range(0, 20).SelectMany(_ => c.ApplyToHost(Line)).ToArray();

        Assert.Equal(fromA, fromB);
        Assert.NotEqual(fromA, fromC);
        Assert.True(a.DroppedBytes > 0 && a.CorruptedBytes > 0 && a.DuplicatedBytes > 0);
        Assert.Equal(20 * Line.Length - a.DroppedBytes + a.DuplicatedBytes, fromA.Length);
    }

    [Fact]
    public void Certain_drop_loses_everything()
    {
        var faults = new FaultInjector(1) { ToHost = new ByteFaults(DropProbability: 1) };
        Assert.Empty(faults.ApplyToHost(Line));
        Assert.Equal(Line.Length, faults.DroppedBytes);
    }

    [Fact]
    public void Certain_corruption_flips_exactly_one_bit_of_every_byte()
    {
        var faults = new FaultInjector(1) { FromHost = new ByteFaults(CorruptProbability: 1) };
        var output = faults.ApplyFromHost(Line);
        Assert.Equal(Line.Length, output.Length);
        for (var i = 0; i < Line.Length; i++) Assert.Equal(1, System.Numerics.BitOperations.PopCount((uint)(Line[i] ^ output[i])));
    }

    [Fact]
    public void Certain_duplication_doubles_every_byte()
    {
        var faults = new FaultInjector(1) { ToHost = new ByteFaults(DuplicateProbability: 1) };
        Assert.Equal(Line.SelectMany(b => new[] { b, b }).ToArray(), faults.ApplyToHost(Line));
    }

    [Fact]
    public void Silence_loses_output_only()
    {
        var faults = new FaultInjector(1) { Silent = true };
        Assert.Empty(faults.ApplyToHost(Line));
        Assert.Equal(Line, faults.ApplyFromHost(Line));
        Assert.Equal(Line.Length, faults.SilencedBytes);
        faults.Clear();
        Assert.Equal(Line, faults.ApplyToHost(Line));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Probabilities_outside_0_to_1_are_refused(double p)
    {
        var faults = new FaultInjector(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.ToHost = new ByteFaults(DropProbability: p));
    }
}
