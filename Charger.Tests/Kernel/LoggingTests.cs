using Charger.Actors.Kernel;
using Charger.Tests.TestKit;
using Microsoft.Extensions.Logging;

namespace Charger.Tests.Kernel;

public sealed class LoggingTests : IAsyncDisposable
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ActorSystem _system;

    public LoggingTests() => _system = ActorSystem.Create("logging", new ActorSystemSettings { LoggerFactory = _logs });

    private sealed class Chatty : ReceiveActor
    {
        public Chatty()
        {
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("chatty broke"));
            Receive<string>(s => Context.Log.LogInformation("hello {What}", s));
        }
    }

    [Fact]
    public void Actors_log_through_Microsoft_Extensions_Logging_under_their_type_name()
    {
        var actor = _system.ActorOf(Props.Create<Chatty>());
        actor.Tell("world");
        TestProbe.AwaitAssert(() => Assert.Contains(_logs.Entries, e =>
            e.Category == typeof(Chatty).FullName && e.Level == LogLevel.Information && e.Message == "hello world"));
    }

    [Fact]
    public void Supervision_logs_a_failure_with_the_actor_path_and_the_exception()
    {
        var actor = _system.ActorOf(Props.Create<Chatty>(), "chatty");
        actor.Tell("fail");
        TestProbe.AwaitAssert(() => Assert.Contains(_logs.Entries, e =>
            e.Level == LogLevel.Error && e.Message.Contains("/user/chatty") && e.Message.Contains("Restart")
            && e.Exception?.Message == "chatty broke"));
    }

    public async ValueTask DisposeAsync()
    {
        await _system.Terminate();
        GC.SuppressFinalize(this);
    }
}
