using System.Text;
using Akka.Actor;
using Akka.Serialization;
using Charger.Actors.Sessions.Journal;

namespace Charger.Actors.Ocpp.Transactions;

/// <summary>
/// The Akka serializer of the OCPP ledger's events and snapshots: versioned JSON under stable manifests
/// (<c>ocpp-transaction-started/1</c>), never a CLR type name, like <see cref="SessionJournalSerializer"/>. Bound in
/// HOCON by <see cref="OcppLedgerJournal"/>. Never change <see cref="Id"/>: stored rows name their serializer by it.
/// </summary>
public sealed class OcppLedgerSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7311;

    public const string Name = "charger-ocpp";

    public static PersistenceSerializer Format { get; } = new PersistenceSerializer()
        .Register<TransactionStarted>("ocpp-transaction-started")
        .Register<TransactionStopped>("ocpp-transaction-stopped")
        .Register<TransactionSampled>("ocpp-transaction-sampled")
        .Register<TransactionIdAssigned>("ocpp-transaction-id-assigned")
        .Register<OutboxMessageDelivered>("ocpp-outbox-delivered")
        .Register<OutboxMessageFailed>("ocpp-outbox-failed")
        .Register<OutboxMessageDropped>("ocpp-outbox-dropped")
        .Register<AvailabilityChanged>("ocpp-availability-changed")
        .Register<ConfigurationChanged>("ocpp-configuration-changed")
        .Register<AuthorizationCached>("ocpp-authorization-cached")
        .Register<AuthorizationCacheCleared>("ocpp-authorization-cache-cleared")
        .Register<OcppLedgerSnapshot>("ocpp-ledger-snapshot");

    public override int Identifier => Id;

    public override string Manifest(object o)
    {
        var (manifest, version) = Format.ManifestOf(o.GetType());
        return SessionJournalSerializer.ManifestText(manifest, version);
    }

    public override byte[] ToBinary(object obj) => Encoding.UTF8.GetBytes(Format.Serialize(obj).Payload);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var slash = manifest.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(manifest.AsSpan(slash + 1), out var version) || version < 1)
            throw new PersistenceSerializationException($"The journal manifest '{manifest}' is not '<name>/<schema version>'.");
        return Format.Deserialize(manifest[..slash], version, Encoding.UTF8.GetString(bytes));
    }
}
