using Charger.Actors.Kernel.Dispatch;
using Charger.Actors.Kernel.Event;
using Microsoft.Extensions.Logging;

namespace Charger.Actors.Kernel;

/// <summary>Creation, failure, supervision decisions, restart and stop, as in Akka's FaultHandling.</summary>
internal sealed partial class ActorCell
{
    private bool _isFailed;
    private object? _failedMessage;
    private IActorRef? _perpetrator; // the child whose escalated failure made us fail
    private bool _restartPending;
    private Exception? _restartCause;
    private bool _isTerminating;
    private bool _isTerminated;

    internal bool IsTerminated => _isTerminated;

    internal void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case Create: FaultCreate(); break;
                case Watch watch: AddWatcher(watch); break;
                case Unwatch unwatch: RemoveWatcher(unwatch); break;
                case DeathWatchNotification death: WatchedActorTerminated(death); break;
                case Failed failed: HandleFailed(failed); break;
                case Recreate recreate: FaultRecreate(recreate.Cause); break;
                case Suspend: FaultSuspend(); break;
                case Resume resume: FaultResume(resume.CausedByFailure); break;
                case Dispatch.Terminate: Terminate(); break;
                case RunContinuation continuation: RunContinuation(continuation); break;
                case AsyncHandlerCompleted completed: AsyncHandlerCompleted(completed); break;
            }
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e, null, escalatedFrom: null);
        }
    }

    /// <summary>
    /// The actor failed: suspend it and its children (except the child whose failure is escalated,
    /// already suspended), and ask the parent for a directive. The failing message is not retried.
    /// </summary>
    private void HandleInvokeFailure(Exception cause, object? failedMessage, IActorRef? escalatedFrom)
    {
        if (_isTerminating || _isTerminated)
        {
            System.SupervisionLog.LogError(cause, "{Actor} failed while stopping: {Error}", Self.Path, cause.Message);
            return;
        }
        if (_isFailed) return; // a decision is already pending
        _isFailed = true;
        SetState(ActorState.Failed);
        _failedMessage = failedMessage;
        _perpetrator = escalatedFrom;
        Mailbox.Suspend();
        foreach (var child in ChildrenSnapshot())
            if (!ReferenceEquals(child.Child, escalatedFrom)) child.Child.SendSystemMessage(Suspend.Instance);

        if (_parent is null)
        {
            System.SupervisionLog.LogCritical(cause, "The root guardian failed; stopping the actor system: {Error}", cause.Message);
            Terminate();
        }
        else
        {
            _parent.SendSystemMessage(new Failed(Self, cause, Uid));
        }
    }

    private void HandleFailed(Failed failed)
    {
        var stats = ChildStatsOf(failed.Child);
        if (stats is null || stats.Stopping) return; // a child we no longer supervise
        stats.RecordFailure(failed.Cause, System.TimeProvider.GetUtcNow());
        var strategy = Props.SupervisorStrategy ?? _actor?.GetSupervisorStrategy() ?? SupervisorStrategy.DefaultStrategy;
        var siblings = ChildrenSnapshot().Where(c => !c.Stopping).ToArray();
        if (!strategy.HandleFailure(this, stats, failed.Cause, siblings))
            HandleInvokeFailure(failed.Cause, null, escalatedFrom: failed.Child);
    }

    internal void RestartChild(ChildRestartStats child, Exception cause) =>
        child.Child.SendSystemMessage(new Recreate(cause));

    internal void StopChild(ChildRestartStats child)
    {
        child.Stopping = true;
        child.Child.SendSystemMessage(Dispatch.Terminate.Instance);
    }

    private void FaultCreate()
    {
        if (_isTerminating) return;
        if (_isFailed)
        {
            // Recreate or Resume of an actor whose creation failed: start over.
            _isFailed = false;
            _failedMessage = null;
            Mailbox.ResetSuspension();
        }
        try
        {
            NewInstance();
            _actor!.AroundPreStart();
            SetState(ActorState.Running);
        }
        catch (Exception e)
        {
            _actor = null;
            HandleInvokeFailure(new ActorInitializationException(Self, $"Creating {Self.Path} failed: {e.Message}", e), null, null);
        }
    }

    private void NewInstance()
    {
        _behaviors.Clear();
        var previous = t_creating;
        t_creating = this;
        try
        {
            _actor = Props.NewActor();
        }
        finally
        {
            t_creating = previous;
        }
        if (_actor is IWithStash withStash) withStash.Stash = new ActorStash(this);
    }

    private void FaultSuspend()
    {
        Mailbox.Suspend();
        foreach (var child in ChildrenSnapshot()) child.Child.SendSystemMessage(Suspend.Instance);
    }

    private void FaultResume(Exception? causedByFailure)
    {
        if (_actor is null && _isFailed)
        {
            FaultCreate(); // resuming an actor that never got created means creating it
            return;
        }
        Mailbox.Resume();
        var perpetrator = _perpetrator;
        if (causedByFailure is not null && _isFailed)
        {
            _isFailed = false;
            _failedMessage = null;
            _perpetrator = null;
            SetState(ActorState.Running);
        }
        foreach (var child in ChildrenSnapshot())
            child.Child.SendSystemMessage(new Resume(ReferenceEquals(child.Child, perpetrator) ? causedByFailure : null));
    }

    private void FaultRecreate(Exception cause)
    {
        if (_isTerminating) return;
        if (_actor is null)
        {
            FaultCreate();
            return;
        }
        Mailbox.Suspend(); // a sibling restarted by AllForOne must not take messages meanwhile
        SetState(ActorState.Restarting);
        CancelTimersAndAsync();
        try
        {
            _actor.AroundPreRestart(cause, _failedMessage);
        }
        catch (Exception e)
        {
            System.SupervisionLog.LogError(e, "PreRestart of {Actor} threw: {Error}", Self.Path, e.Message);
        }
        _restartPending = true;
        _restartCause = cause;
        if (!HasStoppingChildren()) FinishRecreate();
    }

    /// <summary>Old children are gone: build the new instance, restart the children that were kept.</summary>
    private void FinishRecreate()
    {
        var cause = _restartCause!;
        _restartPending = false;
        _restartCause = null;
        _isFailed = false;
        _failedMessage = null;
        _perpetrator = null;
        var survivors = ChildrenSnapshot();
        Mailbox.ResetSuspension();
        _actor = null;
        try
        {
            NewInstance();
            _actor!.AroundPostRestart(cause);
            SetState(ActorState.Running);
        }
        catch (Exception e)
        {
            _actor = null;
            HandleInvokeFailure(new ActorInitializationException(Self, $"Restarting {Self.Path} failed: {e.Message}", e), null, null);
            return;
        }
        foreach (var child in survivors) child.Child.SendSystemMessage(new Recreate(cause));
    }

    private void Terminate()
    {
        ChildRestartStats[] children;
        lock (_childrenLock)
        {
            // Under the children lock, so a concurrent system.ActorOf either lands in this snapshot
            // (and is stopped with the others) or sees the flag and fails; never an orphan we wait for.
            if (_isTerminating) return;
            _isTerminating = true;
            children = [.. _children.Values];
        }
        SetState(ActorState.Stopping);
        // Stopped halfway through a restart: the old instance already had PostStop via PreRestart.
        if (_restartPending) _actor = null;
        CancelTimersAndAsync();
        Mailbox.Suspend();
        foreach (var child in children) StopChild(child);
        if (children.Length == 0) FinishTerminate();
    }

    private void HandleChildTerminated(IActorRef child)
    {
        bool empty;
        lock (_childrenLock)
        {
            if (_children.TryGetValue(child.Path.Name, out var stats) && ReferenceEquals(stats.Child, child))
                _children.Remove(child.Path.Name);
            empty = _children.Count == 0;
        }
        if (_isTerminating)
        {
            if (empty) FinishTerminate();
        }
        else if (_restartPending && !HasStoppingChildren())
        {
            FinishRecreate();
        }
    }

    private void FinishTerminate()
    {
        if (_isTerminated) return;
        _isTerminated = true;
        SetState(ActorState.Stopped);
        try
        {
            _actor?.AroundPostStop();
        }
        catch (Exception e)
        {
            System.SupervisionLog.LogError(e, "PostStop of {Actor} threw: {Error}", Self.Path, e.Message);
        }
        finally
        {
            _actor = null;
            _behaviors.Clear();
            Mailbox.Close();
            DrainAfterClose();
            TellWatchersAndUnwatchAll();
            _parent?.SendSystemMessage(new DeathWatchNotification(Self, ExistenceConfirmed: true));
            if (_parent is null) System.OnRootTerminated();
        }
    }

    /// <summary>After the mailbox closed: user messages become dead letters, watches are answered at once.</summary>
    internal void DrainAfterClose()
    {
        while (Mailbox.TryDequeueUser(out var envelope))
            System.DeadLetters.Tell(new DeadLetter(envelope.Message, envelope.Sender, Self), envelope.Sender);
        while (Mailbox.TryDequeueSystem(out var message))
            SystemMessageAfterDeath(message!);
    }

    internal void SystemMessageAfterDeath(SystemMessage message)
    {
        if (message is Watch watch && !ReferenceEquals(watch.Watcher, Self))
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(Self, ExistenceConfirmed: false));
    }
}
