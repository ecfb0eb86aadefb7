using System.Diagnostics;

namespace Charger.Tests.TestKit;

/// <summary>The built <c>charger</c> executable run as an operator runs it, without the test process's CHARGER_* variables.</summary>
public static class ChargerExecutable
{
    /// <summary>How to start <c>dotnet charger.dll args</c> in <paramref name="workingDirectory"/> with only <paramref name="env"/>'s CHARGER_* variables; all three streams redirected.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "charger.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("CHARGER", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        foreach (var (name, value) in env ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return start;
    }

    public static async Task<(int Exit, string Out, string Err)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, env, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}
