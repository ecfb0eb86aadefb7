namespace Charger.Tests.TestKit;

/// <summary>
/// With <c>CHARGER_TEST_LOG_ARCHIVE</c> set (CI sets it), the daemons' log files are copied there before a test
/// deletes its folder, so <c>.ci/run</c> can grep every log line of the whole run for the tests' keys: no secret
/// in any file, checked on all of them rather than on one test's.
/// </summary>
public static class TestLogArchive
{
    public const string Variable = "CHARGER_TEST_LOG_ARCHIVE";

    /// <summary>Copies the log files below <paramref name="directory"/> (JSON logs, daemon console logs) into the archive.</summary>
    public static void Keep(string directory)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } archive || !Directory.Exists(directory)) return;
        var target = Directory.CreateDirectory(Path.Combine(archive, Path.GetFileName(directory.TrimEnd('/')) + "-" + Guid.NewGuid().ToString("N")[..8]));
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            if (!name.EndsWith(".json", StringComparison.Ordinal) && !name.EndsWith(".log", StringComparison.Ordinal)) continue;
            if (file.Contains("/logs/", StringComparison.Ordinal) || name.EndsWith(".log", StringComparison.Ordinal))
                File.Copy(file, Path.Combine(target.FullName, Path.GetRelativePath(directory, file).Replace('/', '_')), overwrite: true);
        }
    }
}
