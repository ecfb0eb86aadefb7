namespace Charger.Host.Logging;

/// <summary>
/// Whether stdout is connected to the systemd journal. systemd sets <c>JOURNAL_STREAM=device:inode</c>
/// for a service whose output goes to the journal; the variable leaks into child processes (a terminal
/// started from a desktop session has it too), so it counts only when its inode is the one of the
/// socket on fd 1, as systemd.exec(5) advises. Linux: <c>/proc/self/fd/1</c> links to <c>socket:[inode]</c>.
/// </summary>
public static class JournalStream
{
    public const string Variable = "JOURNAL_STREAM";

    public static bool IsStdoutJournal() =>
        IsJournal(Environment.GetEnvironmentVariable(Variable), StdoutTarget());

    /// <param name="journalStream">The value of <c>JOURNAL_STREAM</c>, e.g. <c>8:12345</c>.</param>
    /// <param name="stdoutTarget">Where fd 1 points, e.g. <c>socket:[12345]</c>.</param>
    public static bool IsJournal(string? journalStream, string? stdoutTarget)
    {
        if (string.IsNullOrEmpty(journalStream) || string.IsNullOrEmpty(stdoutTarget)) return false;
        var colon = journalStream.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == journalStream.Length - 1) return false;
        var inode = journalStream[(colon + 1)..];
        return inode.All(char.IsAsciiDigit) && stdoutTarget == $"socket:[{inode}]";
    }

    private static string? StdoutTarget()
    {
        try
        {
            return new FileInfo("/proc/self/fd/1").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return null;
        }
    }
}
