using System.Runtime.CompilerServices;

namespace Charger.Tests.TestKit;

/// <summary>
/// Test classes run in parallel and many of them block while they wait (probes, pty reads). On a
/// two-core machine the thread pool starts with two workers and adds about one per half second, so
/// actors on the pool could stall for seconds while the manual clock moves on. A higher floor removes
/// that starvation; it changes nothing the daemon does.
/// </summary>
internal static class ThreadPoolWarmUp
{
    [ModuleInitializer]
    internal static void RaiseMinimum()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}
