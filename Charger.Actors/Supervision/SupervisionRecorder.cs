using System.Collections.Concurrent;
using Akka.Actor;
using Charger.Actors.Runtime;

namespace Charger.Actors.Supervision;

/// <summary>
/// Every failure a supervisor of ours handled, by the failing actor's path: how often it was restarted
/// and its last error. Akka keeps restart counts only inside a strategy's window and no error at all,
/// while <c>/api/system/actors</c> must show both; <see cref="RecordingOneForOneStrategy"/> and the serial
/// link's decider write here. An Akka extension, so there is one per actor system.
/// </summary>
public sealed class SupervisionRecorder(TimeProvider time) : IExtension
{
    private readonly ConcurrentDictionary<string, FailureRecord> _records = new(StringComparer.Ordinal);

    /// <summary>Notes that <paramref name="child"/> failed with <paramref name="cause"/> and whether it was restarted.</summary>
    public void Failed(IActorRef child, Exception cause, bool restarted) => Failed(child.Path, cause, restarted);

    /// <summary>Notes that the actor at <paramref name="path"/> failed (for deciders, which see no actor reference).</summary>
    public void Failed(ActorPath path, Exception cause, bool restarted)
    {
        var failure = ActorFailure.Of(cause, time.GetUtcNow());
        _records.AddOrUpdate(Key(path),
            _ => new FailureRecord(restarted ? 1 : 0, failure),
            (_, old) => new FailureRecord(old.Restarts + (restarted ? 1 : 0), failure));
    }

    /// <summary>What is recorded for the actor at <paramref name="path"/>; <see cref="FailureRecord.None"/> if it never failed.</summary>
    public FailureRecord For(ActorPath path) => _records.TryGetValue(Key(path), out var record) ? record : FailureRecord.None;

    /// <summary>
    /// The record of a child of <paramref name="parent"/> (a backoff supervisor has one child, by one name, in
    /// every incarnation); <see cref="FailureRecord.None"/> if none of its children ever failed.
    /// </summary>
    public FailureRecord ForChildOf(ActorPath parent)
    {
        var prefix = Key(parent) + "/";
        foreach (var (key, record) in _records)
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.IndexOf('/', prefix.Length) < 0) return record;
        return FailureRecord.None;
    }

    /// <summary>Every actor restarted at least once, by path (without address), with its restarts since the process started.</summary>
    public IEnumerable<(string Path, int Restarts)> Restarts() =>
        _records.Where(r => r.Value.Restarts > 0).Select(r => (r.Key, r.Value.Restarts));

    private static string Key(ActorPath path) => path.ToStringWithoutAddress();
}

/// <param name="Restarts">Restarts granted since the process started.</param>
/// <param name="LastFailure">The last failure, or null.</param>
public sealed record FailureRecord(int Restarts, ActorFailure? LastFailure)
{
    public static readonly FailureRecord None = new(0, null);
}

/// <summary>Creates the <see cref="SupervisionRecorder"/> of a system.</summary>
public sealed class SupervisionRecorderProvider : ExtensionIdProvider<SupervisionRecorder>
{
    public static readonly SupervisionRecorderProvider Instance = new();

    public override SupervisionRecorder CreateExtension(ExtendedActorSystem system) => new(system.GetTimeProvider());
}

public static class SupervisionRecorderExtensions
{
    public static SupervisionRecorder Supervision(this ActorSystem system) =>
        system.WithExtension<SupervisionRecorder, SupervisionRecorderProvider>();
}
