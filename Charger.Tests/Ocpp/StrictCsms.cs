using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Charger.Tests.Ocpp;

/// <summary>
/// A strict OCPP 1.6J central system in its own node process: <c>csms/csms.js</c>, ocpp-rpc 2.2.1's RPCServer in
/// strictMode (every message of both directions validated against the OCPP 1.6 JSON schemas), listening on an ephemeral
/// loopback port. It reports every message, validation failure and bad message as a JSON line, which this class
/// collects; commands (calls to the charge point, behaviour changes, going down and up) go to its stdin.
/// <c>.ci/run</c> installs its dependency (<c>npm ci</c> in csms/).
/// </summary>
public sealed class StrictCsms : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<JsonElement> _events = [];
    private readonly Lock _gate = new();
    private readonly ITestOutputHelper? _output;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _pump;

    private StrictCsms(Process process, ITestOutputHelper? output)
    {
        _process = process;
        _output = output;
        _pump = Task.Run(PumpAsync);
    }

    public int Port { get; private set; }

    /// <summary>The endpoint a charge point is configured with (its id is appended).</summary>
    public Uri Endpoint => new($"ws://127.0.0.1:{Port}/ocpp");

    public static string ScriptDirectory([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "csms");

    public static async Task<StrictCsms> StartAsync(ITestOutputHelper? output = null)
    {
        var directory = ScriptDirectory();
        if (!File.Exists(Path.Combine(directory, "node_modules", "ocpp-rpc", "package.json")))
            throw new InvalidOperationException($"ocpp-rpc is not installed in {directory}: run `npm ci --prefix {directory}` (.ci/run does).");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("csms.js");
        var csms = new StrictCsms(Process.Start(start)!, output);
        var listening = await csms.WaitForAsync(e => Kind(e) == "listening", "the CSMS to listen", TimeSpan.FromSeconds(30));
        csms.Port = listening.GetProperty("port").GetInt32();
        return csms;
    }

    private async Task PumpAsync()
    {
        _ = Task.Run(async () =>
        {
            while (await _process.StandardError.ReadLineAsync() is { } line) _output?.WriteLine($"csms stderr: {line}");
        });
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            JsonElement evt;
            try
            {
                evt = JsonDocument.Parse(line).RootElement.Clone();
            }
            catch (JsonException)
            {
                continue;
            }
            TaskCompletionSource changed;
            lock (_gate)
            {
                _events.Add(evt);
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            changed.TrySetResult();
        }
        lock (_gate) _changed.TrySetResult();
    }

    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_gate) return [.. _events];
        }
    }

    public static string Kind(JsonElement evt) => evt.GetProperty("event").GetString()!;

    /// <summary>Strict-mode validation failures (either direction) and messages ocpp-rpc could not take.</summary>
    public IReadOnlyList<JsonElement> Failures => Events.Where(e => Kind(e) is "validationFailure" or "badMessage" or "fatal").ToList();

    /// <summary>Fails, quoting what the peer logged, when any message either way broke the OCPP 1.6 schemas.</summary>
    public void AssertNoValidationFailure()
    {
        var failures = Failures;
        Assert.True(failures.Count == 0, "the strict CSMS logged:\n" + string.Join('\n', failures.Select(f => f.GetRawText())));
    }

    /// <summary>CALLs the charge point sent, in order, as (action, payload).</summary>
    public IReadOnlyList<(string Action, JsonElement Payload)> CallsFromChargePoint =>
        Events.Where(e => Kind(e) == "message" && !e.GetProperty("outbound").GetBoolean())
            .Select(e => e.GetProperty("payload"))
            .Where(p => p.ValueKind == JsonValueKind.Array && p[0].GetInt32() == 2)
            .Select(p => (p[2].GetString()!, p[3].Clone()))
            .ToList();

    public IReadOnlyList<JsonElement> Calls(string action) => CallsFromChargePoint.Where(c => c.Action == action).Select(c => c.Payload).ToList();

    /// <summary>Connector 1's StatusNotification statuses, in order.</summary>
    public IReadOnlyList<string> Statuses(int connector = 1) =>
        Calls("StatusNotification").Where(p => p.GetProperty("connectorId").GetInt32() == connector)
            .Select(p => p.GetProperty("status").GetString()!).ToList();

    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        var seen = 0;
        while (true)
        {
            Task changed;
            List<JsonElement> events;
            lock (_gate)
            {
                events = _events.Skip(seen).ToList();
                changed = _changed.Task;
            }
            foreach (var evt in events)
            {
                seen++;
                if (match(evt)) return evt;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _process.HasExited && changed.IsCompleted)
                throw new TimeoutException($"The CSMS never saw {what}. Its log:\n{Log()}");
            await Task.WhenAny(changed, Task.Delay(left));
        }
    }

    /// <summary>Waits until the charge point has sent <paramref name="count"/> CALLs of <paramref name="action"/> matching <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForCallAsync(string action, Func<JsonElement, bool>? match = null, int count = 1, TimeSpan? within = null)
    {
        var n = 0;
        var evt = await WaitForAsync(e =>
        {
            if (Kind(e) != "message" || e.GetProperty("outbound").GetBoolean()) return false;
            var p = e.GetProperty("payload");
            if (p.ValueKind != JsonValueKind.Array || p[0].GetInt32() != 2 || p[2].GetString() != action || match?.Invoke(p[3]) == false) return false;
            return ++n == count;
        }, $"{count} {action} CALL(s)", within);
        return evt.GetProperty("payload")[3].Clone();
    }

    public Task<JsonElement> WaitForStatusAsync(string status, int connector = 1, int count = 1, TimeSpan? within = null) =>
        WaitForCallAsync("StatusNotification",
            p => p.GetProperty("connectorId").GetInt32() == connector && p.GetProperty("status").GetString() == status, count, within);

    private async Task<JsonElement> CommandAsync(JsonObject command, TimeSpan? within = null)
    {
        var reference = Guid.NewGuid().ToString("N");
        command["ref"] = reference;
        lock (_gate) _process.StandardInput.WriteLine(command.ToJsonString());
        await _process.StandardInput.FlushAsync();
        return await WaitForAsync(e => e.TryGetProperty("ref", out var r) && r.GetString() == reference, $"the answer to {command.ToJsonString()}", within);
    }

    /// <summary>Calls the charge point; returns the CALLRESULT's payload, or throws with the CALLERROR.</summary>
    public async Task<JsonElement> CallAsync(string method, object parameters)
    {
        var answer = await CommandAsync(new JsonObject
        {
            ["cmd"] = "call",
            ["method"] = method,
            ["params"] = JsonSerializer.SerializeToNode(parameters),
        });
        if (Kind(answer) == "callError") throw new OcppCallFailedException(answer.GetProperty("code").ToString(), answer.GetProperty("error").GetString()!);
        return answer.GetProperty("result");
    }

    public async Task SendRawAsync(string text) => await CommandAsync(new JsonObject { ["cmd"] = "raw", ["text"] = text });

    /// <summary>Changes the CSMS's answers (bootStatus, bootInterval, stopTransactionErrors, startTransactionDelayMs, authorizeStatus,
    /// authorizeStatusByIdTag: an object of idTag to status).</summary>
    public async Task SetAsync(object values) => await CommandAsync(new JsonObject { ["cmd"] = "set", ["values"] = JsonSerializer.SerializeToNode(values) });

    /// <summary>The CSMS goes away: connections close, nothing listens on its port until <see cref="UpAsync"/>.</summary>
    public async Task DownAsync() => await CommandAsync(new JsonObject { ["cmd"] = "down" });

    public async Task UpAsync() => await CommandAsync(new JsonObject { ["cmd"] = "up" });

    public string Log() => string.Join('\n', Events.Select(e => e.GetRawText()));

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(2000)) _process.Kill();
            await _pump.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            // already gone
        }
        _process.Dispose();
    }
}

public sealed class OcppCallFailedException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
}
