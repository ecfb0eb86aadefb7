using System.Diagnostics;

namespace Charger.Benchmarks.Support;

/// <summary>
/// Keeps one core busy for as long as it lives: a child shell spinning in a builtin loop (no forks, no
/// I/O), standing in for other work on the Pi. A separate process, so it competes for the CPU as any
/// other program would and not inside our thread pool or GC.
/// </summary>
public sealed class CoreLoad : IDisposable
{
    private readonly Process _spinner;

    private CoreLoad(Process spinner) => _spinner = spinner;

    public static CoreLoad Start() => new(Process.Start(new ProcessStartInfo("sh")
    {
        ArgumentList = { "-c", "while :; do :; done" },
        UseShellExecute = false,
    }) ?? throw new InvalidOperationException("Could not start the load process."));

    public void Dispose()
    {
        _spinner.Kill();
        _spinner.WaitForExit();
        _spinner.Dispose();
    }
}
