using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Charger.Actors.Sessions.Sqlite;
using Charger.Host.Simulate;
using Charger.Tests.TestKit;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>
/// The real daemon with <c>persistence.provider = postgres</c> on the temporary server: a charge becomes a
/// session in <c>charger.sessions</c>, served by <c>/api/sessions</c>, and still there after a restart;
/// nothing is written to <c>charger.db</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionApiTests(PostgresServerFixture server) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-pg-sessions-").FullName;

    public void Dispose()
    {
        TestLogArchive.Keep(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The fields of a predecessor's /api/sessions route: at the top level, beside success (PREDECESSOR.md 3.2).</summary>
    private static async Task<JsonElement> DataAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        Assert.True(body.GetProperty("success").GetBoolean());
        return body;
    }

    [Fact]
    public async Task A_charge_is_a_session_served_from_postgres_and_kept_across_a_restart()
    {
        var connectionString = await server.CreateDatabaseAsync();
        using var device = new SimulatedDevice(Path.Combine(_dir, "simulator", "ttyESP32"));
        Task<RunningDaemon> StartAsync() => RunningDaemon.StartAsync(settings =>
        {
            settings.Persistence.Provider = "postgres";
            settings.Persistence.Postgres.ConnectionString = connectionString;
        }, device: device, dataDirectory: _dir);

        await using (var daemon = await StartAsync())
        {
            await daemon.AwaitStateAsync(1);
            device.Execute("plug 32");
            device.Execute("connect");
            await daemon.AwaitStateAsync(3);
            using (var start = await daemon.Control.PostAsync("/api/charge/start", new StringContent("""{"user_id":"driver-9"}""", Encoding.UTF8, "application/json")))
                Assert.Equal(HttpStatusCode.OK, start.StatusCode);
            device.Execute("charge");
            await daemon.AwaitStateAsync(5);
            using (var stop = await daemon.Control.PostAsync("/api/charge/stop", new StringContent("{}", Encoding.UTF8, "application/json")))
                Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
            await RunningDaemon.AwaitAsync(async () =>
                (await DataAsync(daemon.Reader, "/api/sessions?status=COMPLETED&user_id=driver-9")).GetProperty("total_count").GetInt64() == 1,
                "the completed session");
        }
        Assert.False(File.Exists(Path.Combine(_dir, SqliteDatabase.FileName)));

        await using var again = await StartAsync();
        var page = await DataAsync(again.Reader, "/api/sessions");
        var session = Assert.Single(page.GetProperty("sessions").EnumerateArray());
        Assert.Equal(("driver-9", "COMPLETED"), (session.GetProperty("user_id").GetString(), session.GetProperty("status").GetString()));
        var id = session.GetProperty("session_id").GetString();
        var detail = (await DataAsync(again.Reader, $"/api/sessions/{id}")).GetProperty("session");
        Assert.Equal("CHARGE_STARTED", detail.GetProperty("events")[0].GetProperty("event_type").GetString());
        var stats = (await DataAsync(again.Reader, "/api/sessions/count/stats")).GetProperty("stats");
        Assert.Equal((1, 1), (stats.GetProperty("total").GetInt32(), stats.GetProperty("completed").GetInt32()));
    }
}
