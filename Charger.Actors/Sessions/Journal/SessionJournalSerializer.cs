using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace Charger.Actors.Sessions.Journal;

/// <summary>
/// The Akka serializer of everything the session actors journal and snapshot: our versioned JSON
/// (<see cref="PersistenceSerializer"/> with <see cref="SessionSerialization"/>'s manifests), never a CLR type
/// name, so a type can be renamed or moved without making the journal unreadable. Akka stores
/// <see cref="Identifier"/> with every row and <see cref="Manifest"/> as <c>{manifest}/{schema version}</c>
/// (e.g. <c>session-opened/1</c>); an older version is upcast when read.
/// </summary>
/// <remarks>Bound in HOCON by <see cref="SessionJournal"/> to <see cref="ISessionEvent"/>, <see cref="IAuthorizationEvent"/>
/// and <see cref="SessionSnapshot"/>. Never change <see cref="Id"/>: stored rows name their serializer by it.</remarks>
public sealed class SessionJournalSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The serializer id in every journal and snapshot row (Akka reserves 0..100 for itself).</summary>
    public const int Id = 7310;

    public const string Name = "charger-sessions";

    /// <summary>The format, with every session type registered.</summary>
    public static PersistenceSerializer Format { get; } = new PersistenceSerializer().RegisterSessions();

    public override int Identifier => Id;

    public override string Manifest(object o)
    {
        var (manifest, version) = Format.ManifestOf(o.GetType());
        return ManifestText(manifest, version);
    }

    public override byte[] ToBinary(object obj) => Encoding.UTF8.GetBytes(Format.Serialize(obj).Payload);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var (name, version) = ParseManifest(manifest);
        return Format.Deserialize(name, version, Encoding.UTF8.GetString(bytes));
    }

    /// <summary>How a manifest and version are stored in Akka's one manifest column.</summary>
    public static string ManifestText(string manifest, int schemaVersion) => $"{manifest}/{schemaVersion}";

    private static (string Manifest, int Version) ParseManifest(string text)
    {
        var slash = text.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(text.AsSpan(slash + 1), out var version) || version < 1)
            throw new PersistenceSerializationException(
                $"The journal manifest '{text}' is not '<name>/<schema version>': the row was not written by Charger's session journal.");
        return (text[..slash], version);
    }
}
