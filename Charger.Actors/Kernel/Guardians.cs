namespace Charger.Actors.Kernel;

/// <summary>The /user and /system guardians: parents of top-level actors, nothing more.</summary>
internal sealed class GuardianActor : ActorBase
{
    protected internal override bool Receive(object message) => false;
}

/// <summary>
/// The root "/": stops a failing guardian (Akka's StoppingStrategy) and terminates the system once
/// /user has stopped, stopping /system after it.
/// </summary>
internal sealed class RootGuardianActor : ActorBase
{
    protected override SupervisorStrategy SupervisorStrategy() => Kernel.SupervisorStrategy.StoppingStrategy;

    protected override void PreStart()
    {
        Context.Watch(Context.Child("user"));
        Context.Watch(Context.Child("system"));
    }

    protected internal override bool Receive(object message)
    {
        if (message is not Terminated terminated) return false;
        if (terminated.ActorRef.Path.Name == "user") Context.Stop(Context.Child("system"));
        else Context.Stop(Self);
        return true;
    }
}
