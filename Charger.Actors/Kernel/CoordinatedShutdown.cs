using Microsoft.Extensions.Logging;

namespace Charger.Actors.Kernel;

/// <summary>
/// Ordered, time-bounded shutdown, as in Akka.NET: named phases form a DAG run in topological order;
/// tasks added to a phase run in parallel; each phase has a timeout measured by the system's
/// TimeProvider. <see cref="Run"/> is idempotent: every caller gets the same task. The last phase
/// stops all actors.
/// </summary>
public sealed class CoordinatedShutdown
{
    public const string PhaseBeforeServiceUnbind = "before-service-unbind";
    public const string PhaseServiceUnbind = "service-unbind";
    public const string PhaseServiceRequestsDone = "service-requests-done";
    public const string PhaseServiceStop = "service-stop";
    public const string PhaseBeforeActorSystemTerminate = "before-actor-system-terminate";
    public const string PhaseActorSystemTerminate = "actor-system-terminate";

    /// <summary>Akka's phases without the cluster ones (there is no cluster here); 5 s each, 10 s for the last.</summary>
    public static readonly IReadOnlyDictionary<string, ShutdownPhase> DefaultPhases = new Dictionary<string, ShutdownPhase>
    {
        [PhaseBeforeServiceUnbind] = new(TimeSpan.FromSeconds(5)),
        [PhaseServiceUnbind] = new(TimeSpan.FromSeconds(5), PhaseBeforeServiceUnbind),
        [PhaseServiceRequestsDone] = new(TimeSpan.FromSeconds(5), PhaseServiceUnbind),
        [PhaseServiceStop] = new(TimeSpan.FromSeconds(5), PhaseServiceRequestsDone),
        [PhaseBeforeActorSystemTerminate] = new(TimeSpan.FromSeconds(5), PhaseServiceStop),
        [PhaseActorSystemTerminate] = new(TimeSpan.FromSeconds(10), PhaseBeforeActorSystemTerminate),
    };

    private readonly ActorSystem _system;
    private readonly IReadOnlyDictionary<string, ShutdownPhase> _phases;
    private readonly Dictionary<string, List<(string Name, Func<CancellationToken, Task> Task)>> _tasks = [];
    private readonly ILogger _log;
    private readonly Lock _lock = new();
    private Task? _run;

    internal CoordinatedShutdown(ActorSystem system, IReadOnlyDictionary<string, ShutdownPhase> phases)
    {
        _system = system;
        _phases = phases;
        _log = system.LoggerFactory.CreateLogger<CoordinatedShutdown>();
        OrderedPhases = TopologicalOrder(phases);
        if (!phases.ContainsKey(PhaseActorSystemTerminate))
            throw new ArgumentException($"The shutdown phases must include '{PhaseActorSystemTerminate}'.", nameof(phases));
        AddTask(PhaseActorSystemTerminate, "stop-all-actors", _ => system.StopAllActors());
    }

    /// <summary>The phases in the order they run.</summary>
    public IReadOnlyList<string> OrderedPhases { get; }

    /// <summary>Why shutdown started; null until <see cref="Run"/> is called.</summary>
    public Reason? ShutdownReason { get; private set; }

    /// <summary>Adds a task to a phase. The token is cancelled when the phase times out.</summary>
    public void AddTask(string phase, string taskName, Func<CancellationToken, Task> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!_phases.ContainsKey(phase))
            throw new ArgumentException($"Unknown shutdown phase '{phase}'. Known: {string.Join(", ", OrderedPhases)}.", nameof(phase));
        lock (_lock)
        {
            if (_run is not null)
                throw new InvalidOperationException($"Cannot add task '{taskName}': shutdown has already started.");
            if (!_tasks.TryGetValue(phase, out var list)) _tasks[phase] = list = [];
            list.Add((taskName, task));
        }
    }

    /// <summary>Starts the shutdown once; later calls return the same task whatever their reason.</summary>
    public Task Run(Reason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (_lock)
        {
            if (_run is not null) return _run;
            ShutdownReason = reason;
            _log.LogInformation("Coordinated shutdown started: {Reason}", reason);
            _run = Task.Run(RunPhases);
            return _run;
        }
    }

    private async Task RunPhases()
    {
        foreach (var name in OrderedPhases)
        {
            List<(string Name, Func<CancellationToken, Task> Task)> tasks;
            lock (_lock) tasks = _tasks.TryGetValue(name, out var list) ? [.. list] : [];
            if (tasks.Count == 0) continue;
            var phase = _phases[name];
            using var timeout = new CancellationTokenSource(phase.Timeout, _system.TimeProvider);
            var running = tasks.Select(t => RunTask(name, t.Name, t.Task, timeout.Token)).ToArray();
            var all = Task.WhenAll(running);
            var finished = await Task.WhenAny(all, Task.Delay(Timeout.InfiniteTimeSpan, timeout.Token)).ConfigureAwait(false);
            var failed = finished != all || running.Any(r => !r.Result);
            if (finished != all)
                _log.LogWarning("Shutdown phase {Phase} timed out after {Timeout}", name, phase.Timeout);
            if (failed && !phase.Recover)
                throw new TimeoutException($"Shutdown phase '{name}' did not complete and does not recover; later phases were skipped.");
        }
    }

    /// <summary>Runs one task; true when it completed successfully.</summary>
    private async Task<bool> RunTask(string phase, string name, Func<CancellationToken, Task> task, CancellationToken token)
    {
        try
        {
            await task(token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Shutdown task {Task} in phase {Phase} failed: {Error}", name, phase, e.Message);
            return false;
        }
    }

    private static List<string> TopologicalOrder(IReadOnlyDictionary<string, ShutdownPhase> phases)
    {
        var order = new List<string>();
        var state = new Dictionary<string, bool>(); // false: visiting, true: done
        foreach (var name in phases.Keys.Order(StringComparer.Ordinal)) Visit(name, []);
        return order;

        void Visit(string name, List<string> trail)
        {
            if (state.TryGetValue(name, out var done))
            {
                if (!done) throw new ArgumentException($"Shutdown phases form a cycle: {string.Join(" -> ", trail)} -> {name}.");
                return;
            }
            if (!phases.TryGetValue(name, out var phase))
                throw new ArgumentException($"Shutdown phase '{trail.LastOrDefault()}' depends on unknown phase '{name}'.");
            state[name] = false;
            trail.Add(name);
            foreach (var dependency in phase.DependsOn) Visit(dependency, trail);
            trail.RemoveAt(trail.Count - 1);
            state[name] = true;
            order.Add(name);
        }
    }

    /// <summary>Why the system shuts down.</summary>
    public abstract class Reason
    {
        public override string ToString() => GetType().Name;
    }

    public sealed class UnknownReason : Reason
    {
        public static readonly UnknownReason Instance = new();
    }

    public sealed class ActorSystemTerminateReason : Reason
    {
        public static readonly ActorSystemTerminateReason Instance = new();
    }

    /// <summary>The process is exiting (SIGTERM, host stop).</summary>
    public sealed class ClrExitReason : Reason
    {
        public static readonly ClrExitReason Instance = new();
    }
}
