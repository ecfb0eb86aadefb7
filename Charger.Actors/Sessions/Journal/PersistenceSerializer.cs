using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Charger.Actors.Sessions.Journal;

/// <summary>
/// Turns events and snapshots into JSON (System.Text.Json) tagged with a manifest and a schema
/// version, and back. Every persisted type is registered under a stable manifest (never its CLR
/// name, so a type can be renamed or moved) and its current version; when a type's shape changes,
/// bump the version and register an upcaster from the old version, so events written years ago still
/// read as the current type. Register everything at startup, before actors use it; reads are thread-safe.
/// Akka's journal reaches it through <see cref="SessionJournalSerializer"/>; this class is the format itself.
/// </summary>
public sealed class PersistenceSerializer
{
    private readonly ConcurrentDictionary<string, Registration> _byManifest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, Registration> _byType = new();
    private readonly ConcurrentDictionary<(string Manifest, int FromVersion), Func<JsonNode, JsonNode>> _upcasters = new();

    /// <summary>
    /// <paramref name="options"/> defaults to web defaults (camelCase names) with enums as strings, so a
    /// reordered enum does not change the meaning of stored events.
    /// </summary>
    public PersistenceSerializer(JsonSerializerOptions? options = null)
    {
        Options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
        Options.MakeReadOnly(populateMissingResolver: true);
    }

    public JsonSerializerOptions Options { get; }

    /// <summary>Registers <typeparamref name="T"/> as <paramref name="manifest"/> at schema <paramref name="version"/> (its current one).</summary>
    public PersistenceSerializer Register<T>(string manifest, int version = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifest);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        var registration = new Registration(typeof(T), manifest, version);
        if (!_byManifest.TryAdd(manifest, registration))
            throw new ArgumentException($"The manifest '{manifest}' is already registered for {_byManifest[manifest].Type.Name}.", nameof(manifest));
        if (!_byType.TryAdd(typeof(T), registration))
        {
            _byManifest.TryRemove(manifest, out _);
            throw new ArgumentException($"{typeof(T).Name} is already registered as '{_byType[typeof(T)].Manifest}'.", nameof(T));
        }
        return this;
    }

    /// <summary>
    /// Registers how JSON of <paramref name="manifest"/> written at <paramref name="fromVersion"/> becomes
    /// JSON of version <paramref name="fromVersion"/> + 1. Reading an old event runs the chain up to the
    /// current version; the function may change the node it gets and return it.
    /// </summary>
    public PersistenceSerializer RegisterUpcaster(string manifest, int fromVersion, Func<JsonNode, JsonNode> upcast)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifest);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        ArgumentNullException.ThrowIfNull(upcast);
        if (!_upcasters.TryAdd((manifest, fromVersion), upcast))
            throw new ArgumentException($"An upcaster for '{manifest}' from version {fromVersion} is already registered.", nameof(fromVersion));
        return this;
    }

    /// <summary>Whether <paramref name="type"/> is registered (so it can be persisted).</summary>
    public bool IsRegistered(Type type) => _byType.ContainsKey(type);

    /// <summary>The manifest and current schema version <paramref name="type"/> is written with.</summary>
    public (string Manifest, int SchemaVersion) ManifestOf(Type type) =>
        _byType.TryGetValue(type, out var registration)
            ? (registration.Manifest, registration.Version)
            : throw new PersistenceSerializationException(
                $"{type.FullName} is not registered for persistence; call Register<{type.Name}>(manifest, version) at startup.");

    public SerializedPayload Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_byType.TryGetValue(value.GetType(), out var registration))
            throw new PersistenceSerializationException(
                $"{value.GetType().FullName} is not registered for persistence; call Register<{value.GetType().Name}>(manifest, version) at startup.");
        try
        {
            return new SerializedPayload(registration.Manifest, registration.Version, JsonSerializer.Serialize(value, registration.Type, Options));
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new PersistenceSerializationException($"Serializing '{registration.Manifest}' ({registration.Type.Name}) failed: {e.Message}", e);
        }
    }

    /// <summary>Reads JSON written under <paramref name="manifest"/> at <paramref name="schemaVersion"/>, upcasting it first if it is older.</summary>
    public object Deserialize(string manifest, int schemaVersion, string payload)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(payload);
        if (!_byManifest.TryGetValue(manifest, out var registration))
            throw new PersistenceSerializationException(
                $"Unknown manifest '{manifest}' (schema version {schemaVersion}): no type is registered for it, so the entry cannot be read.");
        if (schemaVersion > registration.Version)
            throw new PersistenceSerializationException(
                $"'{manifest}' was written at schema version {schemaVersion}, newer than this program's {registration.Version} " +
                $"({registration.Type.Name}); it was written by a newer version of the program.");
        try
        {
            if (schemaVersion == registration.Version)
                return JsonSerializer.Deserialize(payload, registration.Type, Options)
                       ?? throw new PersistenceSerializationException($"'{manifest}' payload is JSON null.");
            var node = JsonNode.Parse(payload) ?? throw new PersistenceSerializationException($"'{manifest}' payload is JSON null.");
            for (var version = schemaVersion; version < registration.Version; version++)
            {
                if (!_upcasters.TryGetValue((manifest, version), out var upcast))
                    throw new PersistenceSerializationException(
                        $"'{manifest}' was written at schema version {schemaVersion}, but no upcaster from version {version} " +
                        $"to {version + 1} is registered (current version {registration.Version}).");
                node = upcast(node) ?? throw new PersistenceSerializationException($"The upcaster of '{manifest}' from version {version} returned null.");
            }
            return node.Deserialize(registration.Type, Options)
                   ?? throw new PersistenceSerializationException($"'{manifest}' payload is JSON null after upcasting.");
        }
        catch (JsonException e)
        {
            throw new PersistenceSerializationException(
                $"'{manifest}' (schema version {schemaVersion}) does not read as {registration.Type.Name}: {e.Message}", e);
        }
    }

    private sealed record Registration(Type Type, string Manifest, int Version);
}
