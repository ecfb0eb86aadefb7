using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Charger.Tests.Host.Logging;

/// <summary>
/// An in-memory logging provider added next to Serilog: it records each entry with its message, its
/// structured properties and those of the scopes around it, so tests can look at everything a sink
/// could have written.
/// </summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    private readonly ConcurrentDictionary<Waiter, bool> _waiters = new();

    public ConcurrentQueue<Entry> Entries { get; } = new();

    /// <summary>Completes with the first entry (already recorded or to come) that matches; fails after <paramref name="timeout"/>.</summary>
    public async Task<Entry> WaitForAsync(Func<Entry, bool> match, TimeSpan timeout)
    {
        var waiter = new Waiter(match);
        _waiters[waiter] = true;
        try
        {
            if (Entries.FirstOrDefault(match) is { } found) return found;
            return await waiter.Found.Task.WaitAsync(timeout);
        }
        finally
        {
            _waiters.TryRemove(waiter, out _);
        }
    }

    private void Add(Entry entry)
    {
        Entries.Enqueue(entry);
        foreach (var waiter in _waiters.Keys)
            if (waiter.Match(entry)) waiter.Found.TrySetResult(entry);
    }

    private sealed class Waiter(Func<Entry, bool> match)
    {
        public Func<Entry, bool> Match { get; } = match;

        public TaskCompletionSource<Entry> Found { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    public sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Properties, Exception? Exception)
    {
        /// <summary>Everything about the entry as text: what a secret must never be part of.</summary>
        public string AllText() =>
            string.Join(" | ", [Category, Message, .. Properties.Select(p => $"{p.Key}={p.Value}"), Exception?.ToString() ?? ""]);
    }

    private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = new Dictionary<string, object?>();
            owner._scopes.ForEachScope((scope, props) => Collect(scope, props), properties);
            Collect(state, properties);
            owner.Add(new Entry(category, logLevel, formatter(state, exception), properties, exception));
        }

        private static void Collect(object? state, Dictionary<string, object?> properties)
        {
            // Serilog writes to added providers (writeToProviders) with its LogEvent as the state: scopes and
            // enrichers are already properties of the event.
            if (state is Serilog.Events.LogEvent logEvent)
                foreach (var (key, value) in logEvent.Properties) properties[key] = Plain(value);
            else if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                foreach (var (key, value) in pairs) properties[key] = value;
            else if (state is not null)
                properties[$"scope{properties.Count}"] = state.ToString();
        }

        private static object? Plain(Serilog.Events.LogEventPropertyValue value) =>
            value is Serilog.Events.ScalarValue scalar ? scalar.Value : value.ToString();
    }
}
