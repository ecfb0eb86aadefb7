using System.Text;

namespace Charger.Actors.Kernel;

/// <summary>
/// The unique, hierarchical name of an actor: <c>charger://{system}/user/chargers/1/link</c>.
/// Names follow Akka.NET's rules so paths read the same to anyone who knows Akka.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly string _text;

    private ActorPath(string systemName, ActorPath? parent, string name)
    {
        SystemName = systemName;
        Parent = parent;
        Name = name;
        Depth = parent is null ? 0 : parent.Depth + 1;
        _text = parent is null ? $"charger://{systemName}" : Join(parent, name);
    }

    public string SystemName { get; }

    /// <summary>The parent path; null only for the root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>The last element ("" for the root).</summary>
    public string Name { get; }

    public int Depth { get; }

    /// <summary>The path below the system name, e.g. <c>/user/chargers</c> ("/" for the root).</summary>
    public string Local => Parent is null ? "/" : _text[(_text.IndexOf('/', "charger://".Length))..];

    public static ActorPath Root(string systemName) => new(systemName, null, "");

    /// <summary>A child path; the name must be a valid element (see <see cref="ValidateName"/>).</summary>
    public ActorPath Child(string name)
    {
        ValidateName(name, allowSystemPrefix: true);
        return new ActorPath(SystemName, this, name);
    }

    public static ActorPath operator /(ActorPath parent, string name) => parent.Child(name);

    /// <summary>
    /// Akka's element rule: ASCII letters, digits, <c>-_:@&amp;=+,.!~*'$;</c> or <c>%XX</c>,
    /// not empty, and <c>$</c> only inside a name (a leading <c>$</c> marks generated names).
    /// </summary>
    public static bool IsValidName(string? name, bool allowSystemPrefix = false)
    {
        if (string.IsNullOrEmpty(name)) return false;
        if (name[0] == '$' && !allowSystemPrefix) return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterOrDigit(c) || "-_:@&=+,.!~*'$;".Contains(c)) continue;
            if (c == '%' && i + 2 < name.Length && char.IsAsciiHexDigit(name[i + 1]) && char.IsAsciiHexDigit(name[i + 2]))
            {
                i += 2;
                continue;
            }
            return false;
        }
        return true;
    }

    internal static void ValidateName(string? name, bool allowSystemPrefix = false)
    {
        if (!IsValidName(name, allowSystemPrefix))
            throw new InvalidActorNameException(
                $"Invalid actor path element [{name}]: a name must be non-empty, may contain ASCII letters, digits and " +
                "-_:@&=+,.!~*'$; or %XX escapes, and must not start with '$' (reserved for generated names).");
    }

    private static string Join(ActorPath parent, string name)
    {
        var sb = new StringBuilder(parent._text.Length + name.Length + 1);
        sb.Append(parent._text).Append('/').Append(name);
        return sb.ToString();
    }

    public bool Equals(ActorPath? other) => other is not null && _text == other._text;

    public override bool Equals(object? obj) => obj is ActorPath p && Equals(p);

    public override int GetHashCode() => _text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => _text;
}
