using Akka.Actor;
using Akka.Hosting;
using Charger.Actors.Sessions.Journal;

namespace Charger.Host.Daemon;

/// <summary>
/// An ActorSystem with nothing but the session journal, composed like the daemon's (Akka.Hosting), for the
/// commands that write sessions without the daemon (<c>charger import-sessions</c>): Akka's journal is only
/// written through Akka. It may run next to a running daemon; the projection's offset check keeps the two from
/// applying an event twice.
/// </summary>
public sealed class JournalHost : IAsyncDisposable
{
    private readonly IHost _host;

    private JournalHost(IHost host)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
    }

    public ActorSystem System { get; }

    public static async Task<JournalHost> StartAsync(SessionStore store, CancellationToken cancellationToken)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders();
        builder.Services.AddAkka("charger-cli", akka => akka
            // A command's output is its report: Akka's own lines only when something is wrong.
            .AddHocon("akka { loglevel = WARNING, stdout-loglevel = WARNING }", HoconAddMode.Prepend)
            .WithSessionJournal(store));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new JournalHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
