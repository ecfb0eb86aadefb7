using Akka.Actor;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Projection;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Sessions.Sqlite;
using Charger.Tests.TestKit;

namespace Charger.Tests.Sessions;

/// <summary>
/// The daemon opens the session read side a second after the actors start (issue 19: its start-up work competed with
/// the first status and the first HTTP requests). A session journaled before that is in the tables once the delay is
/// over, on the manual scheduler, and not before.
/// </summary>
public sealed class SessionProjectionStartDelayTests : SqliteJournalTestBase
{
    public SessionProjectionStartDelayTests() : base("charger-projection-delay-")
    {
    }

    [Fact]
    public async Task A_session_journaled_before_the_start_delay_is_in_the_tables_once_it_is_over()
    {
        var appender = Sys.ActorOf(JournalAppenderActor.Props(SessionActor.PersistenceIdOf("cp-1")));
        await appender.Ask<JournalAppenderActor.Appended>(
            new JournalAppenderActor.Append([new SessionOpened("s-1", "cp-1", "driver-7", DateTimeOffset.UnixEpoch, 5)]), TimeSpan.FromSeconds(10));
        var projection = Sys.ActorOf(SessionProjectionActor.Props(new SqliteSessionTables(Database),
            new SessionProjectionOptions { StartDelay = TimeSpan.FromSeconds(1) }));
        var sessions = new SqliteSessionQueries(Database);

        // Up to just before the delay, over three seconds of real time for the journal's work, with the read journal's
        // polls due many times over: the read side stays closed (without the delay it applies the session in this time).
        var idle = CreateProbe("idle");
        for (var i = 0; i < 30; i++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(30));
            await idle.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        }
        var status = await projection.Ask<SessionProjectionActor.ProjectionStatus>(SessionProjectionActor.GetStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(0, status.EventsApplied);
        Assert.Equal(0, (await sessions.ListAsync(new SessionFilter("cp-1"))).TotalCount);

        Time.Advance(TimeSpan.FromMilliseconds(100));
        await AwaitAssertAsync(async () =>
        {
            Time.Advance(TimeSpan.FromMilliseconds(100)); // the read journal polls on the (manual) scheduler
            var page = await sessions.ListAsync(new SessionFilter("cp-1"));
            Assert.Equal("s-1", Assert.Single(page.Sessions).SessionId);
        }, TimeSpan.FromSeconds(20));
    }
}
