namespace Charger.Host.Cli;

/// <summary>
/// The predecessor's <c>.env</c> (python-dotenv syntax): <c>NAME=value</c> lines, <c>#</c> comments, an optional
/// <c>export</c>, values optionally in single or double quotes. Hand-written because python-dotenv's format is
/// all we read and no .NET package for it restores here; lines it cannot read are returned, not guessed at.
/// </summary>
public sealed record PredecessorEnvFile(IReadOnlyDictionary<string, string> Variables, IReadOnlyList<int> UnreadableLines)
{
    public static PredecessorEnvFile Read(string path)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var unreadable = new List<int>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("export ", StringComparison.Ordinal)) line = line["export ".Length..].TrimStart();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                unreadable.Add(number);
                continue;
            }
            var name = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value.IndexOf(value[0], 1) is var close and > 0)
                value = value[1..close];
            else if (value.IndexOf(" #", StringComparison.Ordinal) is var comment and >= 0)
                value = value[..comment].TrimEnd();
            variables[name] = value;
        }
        return new PredecessorEnvFile(variables, unreadable);
    }

    public string? this[string name] => Variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
