namespace Charger.Tests.TestKit;

/// <summary>
/// One <see cref="PostgresTempServer"/> for every test class in the <see cref="PostgresCollection"/>; each
/// test creates its own database on it. If the server cannot start, every test of the collection fails
/// with the reason.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private PostgresTempServer? _server;

    public PostgresTempServer Server => _server ?? throw new InvalidOperationException("the PostgreSQL test server is not started");

    public async Task InitializeAsync() => _server = await PostgresTempServer.StartAsync();

    public Task<string> CreateDatabaseAsync() => Server.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
