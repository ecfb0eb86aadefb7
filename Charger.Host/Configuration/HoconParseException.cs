namespace Charger.Host.Configuration;

/// <summary>
/// A HOCON document that does not parse, or that the supported subset does not cover. The message
/// starts with <c>source:line:column:</c> so an installer can go straight to the spot in the file.
/// </summary>
/// <remarks>
/// A <see cref="FormatException"/> because that is what the configuration stack and callers already
/// treat as "the text is wrong", as opposed to an I/O or programming error.
/// </remarks>
public sealed class HoconParseException : FormatException
{
    public HoconParseException(string sourceName, int line, int column, string reason)
        : base($"{sourceName}:{line}:{column}: {reason}")
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file name (or the name given to a string or stream) the error is in.</summary>
    public string SourceName { get; }

    /// <summary>1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>1-based column of the error, counted in UTF-16 characters (a tab counts as one).</summary>
    public int Column { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }
}
