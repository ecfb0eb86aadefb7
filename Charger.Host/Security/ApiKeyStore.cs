using System.Security.Cryptography;
using System.Text;
using Charger.Host.Configuration;
using Charger.Host.Configuration.Settings;

namespace Charger.Host.Security;

/// <summary>
/// The configured API keys, kept only as SHA-256 hashes. A presented key is hashed and compared with
/// every entry in constant time, so neither the keys nor a near miss show in memory dumps or timing.
/// </summary>
public sealed class ApiKeyStore
{
    /// <summary>Shortest key accepted: 128 bits as hex, or a long passphrase.</summary>
    public const int MinimumKeyLength = 16;

    private readonly (string Id, byte[] Hash, ApiRole Role)[] _keys;

    // One identity per key, made once: a request that authenticates allocates nothing for it (issue 19, per-request cost).
    private readonly ApiKeyIdentity[] _identities;

    public ApiKeyStore(IEnumerable<(string Id, byte[] Sha256, ApiRole Role)> keys)
    {
        _keys = [.. keys];
        _identities = [.. _keys.Select(k => new ApiKeyIdentity(k.Id, k.Role))];
    }

    public int Count => _keys.Length;

    public IEnumerable<(string Id, ApiRole Role)> Keys => _keys.Select(k => (k.Id, k.Role));

    public ApiKeyIdentity? Authenticate(string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return null;
        // Hashed on the stack (a pooled buffer for an unusually long header): nothing allocated per request.
        var length = Encoding.UTF8.GetMaxByteCount(presented.Length);
        byte[]? rented = length > 512 ? System.Buffers.ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> utf8 = rented is null ? stackalloc byte[512] : rented;
            utf8 = utf8[..Encoding.UTF8.GetBytes(presented, utf8)];
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8, hash);
            CryptographicOperations.ZeroMemory(utf8);
            ApiKeyIdentity? match = null;
            for (var i = 0; i < _keys.Length; i++) // no early exit: every key costs the same
                if (CryptographicOperations.FixedTimeEquals(hash, _keys[i].Hash) && match is null)
                    match = _identities[i];
            return match;
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented, clearArray: true); // it held a key
        }
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>A new random key for <c>--simulate</c>: 32 bytes as hex.</summary>
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The keys of <c>security.api-keys</c> plus <c>CHARGER_API_KEY</c> (control role, id "env").</summary>
    public static ApiKeyStore From(SecuritySettings settings, string? environmentKey, string? extraControlKey = null)
    {
        var keys = new List<(string, byte[], ApiRole)>();
        for (var i = 0; i < settings.ApiKeys.Count; i++)
        {
            var k = settings.ApiKeys[i];
            var key = $"security.api-keys[{i}]";
            if (string.IsNullOrWhiteSpace(k.Id)) throw new ConfigurationException($"{key}.id", $"{key}.id must name the key (it appears in audit lines).");
            if (keys.Any(e => e.Item1 == k.Id)) throw new ConfigurationException($"{key}.id", $"{key}.id '{k.Id}' is used twice.");
            var role = k.Role.ToLowerInvariant() switch
            {
                "read" => ApiRole.Read,
                "control" => ApiRole.Control,
                _ => throw new ConfigurationException($"{key}.role", $"{key}.role must be read or control, got '{k.Role}'."),
            };
            byte[] hash;
            if (!string.IsNullOrEmpty(k.Key) == !string.IsNullOrEmpty(k.Sha256))
                throw new ConfigurationException(key, $"{key} must set exactly one of key or sha256.");
            if (!string.IsNullOrEmpty(k.Key))
            {
                if (k.Key.Length < MinimumKeyLength)
                    throw new ConfigurationException($"{key}.key", $"{key}.key must be at least {MinimumKeyLength} characters.");
                hash = Hash(k.Key);
            }
            else
            {
                try
                {
                    hash = Convert.FromHexString(k.Sha256!);
                }
                catch (FormatException)
                {
                    hash = [];
                }
                if (hash.Length != 32) throw new ConfigurationException($"{key}.sha256", $"{key}.sha256 must be 64 hex characters (sha256sum of the key).");
            }
            keys.Add((k.Id, hash, role));
        }
        foreach (var (id, value) in new[] { ("env", environmentKey), ("simulate", extraControlKey) })
        {
            if (string.IsNullOrEmpty(value)) continue;
            if (value.Length < MinimumKeyLength)
                throw new ConfigurationException(HostConfiguration.ApiKeyVariable, $"{HostConfiguration.ApiKeyVariable} must be at least {MinimumKeyLength} characters.");
            keys.Add((id, Hash(value), ApiRole.Control));
        }
        return new ApiKeyStore(keys);
    }
}
