using Akka.Configuration;
using Akka.Hosting;

namespace Charger.Actors.Ocpp.Transactions;

/// <summary>
/// Binds the OCPP ledger's events and snapshot to <see cref="OcppLedgerSerializer"/> on the daemon's journal (the one
/// <see cref="Sessions.Journal.SessionJournal"/> composes). Harmless when OCPP is off: nothing is written then.
/// </summary>
public static class OcppLedgerJournal
{
    private static readonly Type[] BoundTypes = [typeof(IOcppLedgerEvent), typeof(OcppLedgerSnapshot)];

    public static AkkaConfigurationBuilder WithOcppLedger(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(OcppLedgerSerializer.Name, BoundTypes, system => new OcppLedgerSerializer(system));

    /// <summary>The same binding as HOCON, for an ActorSystem built without Akka.Hosting.</summary>
    public static Config ToConfig()
    {
        static string TypeName(Type t) => $"{t.FullName}, {t.Assembly.GetName().Name}";
        var bindings = string.Join(", ", BoundTypes.Select(t => $"\"{TypeName(t)}\" = {OcppLedgerSerializer.Name}"));
        return ConfigurationFactory.ParseString($$"""
            akka.actor.serializers.{{OcppLedgerSerializer.Name}} = "{{TypeName(typeof(OcppLedgerSerializer))}}"
            akka.actor.serialization-identifiers."{{TypeName(typeof(OcppLedgerSerializer))}}" = {{OcppLedgerSerializer.Id}}
            akka.actor.serialization-bindings { {{bindings}} }
            """);
    }
}
