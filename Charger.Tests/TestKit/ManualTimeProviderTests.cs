namespace Charger.Tests.TestKit;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Time_moves_only_when_advanced()
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();
        var stamp = time.GetTimestamp();
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(start + TimeSpan.FromSeconds(3), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(3), time.GetElapsedTime(stamp));
    }

    [Fact]
    public void Timers_fire_in_due_order_with_the_clock_at_their_due_time()
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();
        var fired = new List<(string, TimeSpan)>();
        using var b = time.CreateTimer(_ => fired.Add(("b", time.GetUtcNow() - start)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var a = time.CreateTimer(_ => fired.Add(("a", time.GetUtcNow() - start)), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5));
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(
            [("a", TimeSpan.FromSeconds(1)), ("b", TimeSpan.FromSeconds(2)), ("a", TimeSpan.FromSeconds(2.5)), ("a", TimeSpan.FromSeconds(4))],
            fired);
    }

    [Fact]
    public void Disposed_and_changed_timers_behave()
    {
        var time = new ManualTimeProvider();
        var count = 0;
        var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, count);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, count);
        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, count);
        Assert.Equal(0, time.ActiveTimerCount);
    }

    [Fact]
    public async Task Task_Delay_and_CancellationTokenSource_honour_the_manual_clock()
    {
        var time = new ManualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromMinutes(10), time);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5), time);
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(cts.IsCancellationRequested);
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(5));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
