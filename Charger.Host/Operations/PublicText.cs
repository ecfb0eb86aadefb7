using System.Text.RegularExpressions;

namespace Charger.Host.Operations;

/// <summary>
/// Text that leaves the daemon without authentication (health probes): an error message with every
/// absolute path replaced, so a probe tells what is wrong without telling where things live.
/// </summary>
public static partial class PublicText
{
    public const string PathPlaceholder = "<path>";

    public static string? WithoutPaths(string? text) => text is null ? null : AbsolutePath().Replace(text, PathPlaceholder);

    // A slash that starts a word (not the one in "I/O" or "read/write") and what follows up to a space or punctuation.
    [GeneratedRegex(@"(?<![\w./])/[\w.@%+~\-]+(?:/[\w.@%+~\-]*)*")]
    private static partial Regex AbsolutePath();
}
