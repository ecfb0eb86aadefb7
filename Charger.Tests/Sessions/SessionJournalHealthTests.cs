using Charger.Actors.Sessions;
using Charger.Tests.TestKit;

namespace Charger.Tests.Sessions;

public sealed class SessionJournalHealthTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void A_failure_is_logged_at_once_then_at_most_once_a_minute_while_it_lasts_and_a_success_ends_it()
    {
        var health = new SessionJournalHealth(_time);
        Assert.Null(health.Problem);
        var since = _time.GetUtcNow();

        Assert.True(health.Failed("charger cp-1", new IOException("database or disk is full")));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(health.Failed("charger cp-1", new IOException("database or disk is full")));
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(health.Failed("session projection", new IOException("database or disk is full")));
        Assert.Equal(new JournalProblem("session projection: database or disk is full", since), health.Problem);

        Assert.Equal(since, health.Succeeded()?.Since);
        Assert.Null(health.Problem);
        Assert.Null(health.Succeeded());
        // A new outage is news again.
        Assert.True(health.Failed("charger cp-1", new IOException("gone")));
    }
}
