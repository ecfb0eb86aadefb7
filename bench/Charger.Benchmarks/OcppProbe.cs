using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Akka.Actor;
using Charger.Actors.Charging;
using Charger.Actors.Ocpp.ChargePoint;
using Charger.Actors.Ocpp.Transactions;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Sqlite;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks;

/// <summary>
/// The OCPP charge point's own path, on the real actors (<see cref="OcppChargePointActor"/> with its ledger on
/// Akka.Persistence.Sql over SQLite as the daemon composes it, and its <see cref="OcppClientActor"/> over a real
/// <see cref="ClientWebSocket"/>) against a minimal loopback central system (an <see cref="HttpListener"/> that answers
/// every CALL at once):
/// <list type="bullet">
/// <item>state change to StatusNotification: a charger event (Idle/CableDetect alternating, as the tracker publishes it)
/// is told to the charge point; timed until the StatusNotification it causes arrives at the central system.</item>
/// <item>drain: with the central system down, charges (a start and a stop each: two transaction messages) are journaled
/// into the outbox; the central system comes back and the time until the outbox is empty is measured (every message
/// answered, its delivery journaled, one at a time).</item>
/// </list>
/// The serial side (a STAT frame to the tracker's event) is measured by <c>event-latency</c>; add the two.
/// Run with <c>dotnet run -c Release --project bench/Charger.Benchmarks -- ocpp [changes] [queued]</c>.
/// </summary>
public static class OcppProbe
{
    public static async Task<int> RunAsync(int changes, int queued)
    {
        var scratch = Directory.CreateTempSubdirectory("charger-ocpp-probe-").FullName;
        var port = FreePort();
        var csms = new LoopbackCsms(port);
        ActorSystem? system = null;
        try
        {
            await using var db = await SqliteDatabase.OpenAsync(scratch).ConfigureAwait(false);
            system = BenchSystem.Create("ocpp", new SessionStore.Sqlite(db.FilePath), over: OcppLedgerJournal.ToConfig());
            csms.Start();
            var options = new OcppOptions
            {
                Endpoint = new Uri($"ws://127.0.0.1:{port}/ocpp"),
                ChargePointId = "cp-bench",
                MinBackoff = TimeSpan.FromMilliseconds(200),
                MaxBackoff = TimeSpan.FromSeconds(1),
                MeterValueSampleInterval = TimeSpan.Zero,
                HeartbeatInterval = TimeSpan.FromHours(1),
            };
            var monitor = new OcppMonitor(options.ChargePointId, options.Endpoint);
            var charger = system.ActorOf(Props.Create(() => new FakeCharger(options, monitor)), "cp-1");
            await csms.NextAsync("StatusNotification").ConfigureAwait(false);
            await csms.NextAsync("StatusNotification").ConfigureAwait(false);

            Console.WriteLine($"OCPP probe: {changes:N0} state changes, then {queued:N0} queued transaction messages; {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}.");
            var ticks = new long[changes];
            var seq = 0L;
            for (var i = 0; i < changes; i++)
            {
                var state = i % 2 == 0 ? ChargerState.CableDetect : ChargerState.Idle;
                var start = Stopwatch.GetTimestamp();
                charger.Tell(Event(ref seq, state));
                await csms.NextAsync("StatusNotification").ConfigureAwait(false);
                ticks[i] = Stopwatch.GetTimestamp() - start;
            }
            Array.Sort(ticks);
            Console.WriteLine($"state change -> StatusNotification at the central system: p50 {Ms(ticks, 0.50)} ms, p90 {Ms(ticks, 0.90)} ms, p99 {Ms(ticks, 0.99)} ms, max {Ms(ticks, 1.0)} ms");

            await csms.StopAsync().ConfigureAwait(false);
            while (monitor.State == OcppConnectionState.Connected) await Task.Delay(10).ConfigureAwait(false);
            var fill = Stopwatch.StartNew();
            for (var i = 0; i < queued / 2; i++)
            {
                charger.Tell(Event(ref seq, ChargerState.Charging));
                charger.Tell(Event(ref seq, ChargerState.Idle));
            }
            while (monitor.OutboxDepth < queued) await Task.Delay(10).ConfigureAwait(false);
            fill.Stop();
            Console.WriteLine($"{queued:N0} transaction messages journaled into the outbox while offline in {fill.Elapsed.TotalSeconds:0.00} s");
            csms.ClearReceived();
            csms.Start();
            var drain = Stopwatch.StartNew();
            while (monitor.OutboxDepth > 0) await Task.Delay(5).ConfigureAwait(false);
            drain.Stop();
            var delivered = csms.Count("StartTransaction") + csms.Count("StopTransaction");
            Console.WriteLine($"drain after the reconnect: {queued:N0} queued messages answered in {drain.Elapsed.TotalSeconds:0.00} s " +
                $"({queued / drain.Elapsed.TotalSeconds:0} messages/s; the central system received {delivered:N0}; includes the reconnect backoff, at most {options.MaxBackoff.TotalSeconds} s)");
            return delivered == queued ? 0 : 1;
        }
        finally
        {
            BenchSystem.Terminate(system);
            await csms.StopAsync().ConfigureAwait(false);
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static ChargerEvent Event(ref long seq, ChargerState state)
    {
        var status = new ChargerStatus { StateCode = (int)state, ReceivedAt = DateTimeOffset.UtcNow, MaxCurrentAmps = 16 };
        return new ChargerEvent("cp-1", ++seq, ChargerEventType.StateChanged, status.ReceivedAt, null, (int)state, status);
    }

    private static string Ms(long[] sorted, double q) =>
        (sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)] * 1000.0 / Stopwatch.Frequency).ToString("0.00", CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stands in for the charger's supervisor: the charge point's parent, answering status queries from the last event.</summary>
    private sealed class FakeCharger : ReceiveActor
    {
        private readonly IActorRef _ocpp;
        private ChargerStatus _status = new() { StateCode = 1, ReceivedAt = DateTimeOffset.UtcNow, MaxCurrentAmps = 16 };

        public FakeCharger(OcppOptions options, OcppMonitor monitor)
        {
            _ocpp = Context.ActorOf(OcppChargePointActor.Props("cp-1", options, monitor), OcppChargePointActor.Name);
            Receive<ChargerEvent>(e =>
            {
                _status = e.Status ?? _status;
                _ocpp.Tell(e);
            });
            Receive<StateTrackerActor.GetStatus>(_ => Sender.Tell(new StateTrackerActor.CurrentStatus(_status, StatusFreshness.Fresh, null)));
            ReceiveAny(_ => { });
        }
    }

    /// <summary>A central system that answers every CALL at once and reports each one's action.</summary>
    private sealed class LoopbackCsms(int port)
    {
        private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
        private readonly Dictionary<string, int> _counts = [];
        private readonly List<WebSocket> _sockets = [];
        private HttpListener? _listener;
        private int _nextTransaction = 1;

        public void Start()
        {
            _listener = new HttpListener();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            var listener = _listener;
            _ = Task.Run(async () =>
            {
                while (listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await listener.GetContextAsync().ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }
                    _ = Task.Run(() => ServeAsync(context));
                }
            });
        }

        public async Task StopAsync()
        {
            _listener?.Abort();
            _listener = null;
            lock (_sockets)
            {
                foreach (var socket in _sockets) socket.Abort();
                _sockets.Clear();
            }
            await Task.CompletedTask.ConfigureAwait(false);
        }

        public async Task NextAsync(string action)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await _received.Reader.ReadAsync(timeout.Token).ConfigureAwait(false) != action)
            {
            }
        }

        public void ClearReceived()
        {
            while (_received.Reader.TryRead(out _))
            {
            }
            lock (_counts) _counts.Clear();
        }

        public int Count(string action)
        {
            lock (_counts) return _counts.GetValueOrDefault(action);
        }

        private async Task ServeAsync(HttpListenerContext context)
        {
            if (!context.Request.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                context.Response.Close();
                return;
            }
            var socket = (await context.AcceptWebSocketAsync("ocpp1.6").ConfigureAwait(false)).WebSocket;
            lock (_sockets) _sockets.Add(socket);
            var buffer = new byte[64 * 1024];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    var message = JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count))!.AsArray();
                    if (message[0]!.GetValue<int>() != 2) continue;
                    var action = message[2]!.GetValue<string>();
                    var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                    JsonObject answer = action switch
                    {
                        "BootNotification" => new JsonObject { ["status"] = "Accepted", ["currentTime"] = now, ["interval"] = 3600 },
                        "Heartbeat" => new JsonObject { ["currentTime"] = now },
                        "StartTransaction" => new JsonObject { ["idTagInfo"] = new JsonObject { ["status"] = "Accepted" }, ["transactionId"] = Interlocked.Increment(ref _nextTransaction) },
                        "StopTransaction" => new JsonObject { ["idTagInfo"] = new JsonObject { ["status"] = "Accepted" } },
                        _ => new JsonObject(),
                    };
                    var reply = new JsonArray(3, message[1]!.GetValue<string>(), answer).ToJsonString();
                    await socket.SendAsync(Encoding.UTF8.GetBytes(reply), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
                    lock (_counts) _counts[action] = _counts.GetValueOrDefault(action) + 1;
                    _received.Writer.TryWrite(action);
                }
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // the central system went down
            }
        }
    }
}
