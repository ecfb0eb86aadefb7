using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Charger.Host.Configuration;
using Charger.Host.Configuration.Settings;
using Charger.Host.Daemon;

namespace Charger.Host.Cluster;

/// <summary>
/// <c>cluster { }</c> validated: what a node of a site cluster runs with. Built only when <c>cluster.enabled = on</c>;
/// every failure is a <see cref="ConfigurationException"/> naming the key.
/// </summary>
public sealed partial record SiteClusterOptions
{
    public required string Site { get; init; }

    public required string Hostname { get; init; }

    public required int Port { get; init; }

    /// <summary>Seed nodes as <c>host:port</c>, in the configured order.</summary>
    public required IReadOnlyList<(string Host, int Port)> SeedNodes { get; init; }

    /// <summary>The site certificate (with its private key), or null for plaintext cluster traffic.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Plaintext on a non-loopback address, allowed on purpose (<c>cluster.allow-plaintext</c>): logged at start.</summary>
    public bool PlaintextOnPurpose { get; init; }

    /// <summary>The ActorSystem's name: nodes of another site (another name) cannot talk to this one.</summary>
    public string SystemName => SystemNameFor(Site);

    public static string SystemNameFor(string site) => $"charger-{site}";

    /// <summary>The seed nodes as Akka addresses of this site's ActorSystem.</summary>
    /// <remarks>Akka.Remote names its TLS transport's protocol <c>akka.ssl.tcp</c>.</remarks>
    public IReadOnlyList<string> SeedAddresses => [.. SeedNodes.Select(s => $"{Protocol}://{SystemName}@{s.Host}:{s.Port}")];

    private string Protocol => Certificate is null ? "akka.tcp" : "akka.ssl.tcp";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,62}$")]
    private static partial Regex SiteName();

    public static SiteClusterOptions? From(ClusterSettings settings, PersistenceProvider persistence)
    {
        if (!settings.Enabled) return null;
        if (!SiteName().IsMatch(settings.Site ?? ""))
            throw new ConfigurationException("cluster.site",
                $"cluster.site must name the site with letters, digits and '-' (at most 63), got '{settings.Site}'.");
        if (string.IsNullOrWhiteSpace(settings.Hostname) || Uri.CheckHostName(settings.Hostname) == UriHostNameType.Unknown)
            throw new ConfigurationException("cluster.hostname", $"cluster.hostname must be an IP address or a host name, got '{settings.Hostname}'.");
        if (settings.Port is < 1 or > 65535)
            throw new ConfigurationException("cluster.port", $"cluster.port must be 1..65535, got {settings.Port}.");
        if (persistence != PersistenceProvider.Postgres)
            throw new ConfigurationException("persistence.provider",
                "cluster.enabled = on needs persistence.provider = postgres: the site's sessions live in one shared journal that every node reads.");
        var seeds = settings.SeedNodes.Select((text, i) => ParseSeed(text, i)).ToList();
        if (seeds.Count == 0)
            throw new ConfigurationException("cluster.seed-nodes", "cluster.seed-nodes must list at least one node (host:port), e.g. the first node of the site.");

        X509Certificate2? certificate = null;
        if (!string.IsNullOrWhiteSpace(settings.Tls.Certificate))
            certificate = LoadCertificate(settings.Tls.Certificate, settings.Tls.Password);
        var loopback = IsLoopback(settings.Hostname);
        if (certificate is null && !loopback && !settings.AllowPlaintext)
            throw new ConfigurationException("cluster.tls.certificate",
                $"cluster.hostname {settings.Hostname} is not a loopback address: cluster traffic crosses the LAN, so set cluster.tls.certificate " +
                "(the site certificate), or cluster.allow-plaintext = on for a trusted, separate LAN.");
        return new SiteClusterOptions
        {
            Site = settings.Site!,
            Hostname = settings.Hostname,
            Port = settings.Port,
            SeedNodes = seeds,
            Certificate = certificate,
            PlaintextOnPurpose = certificate is null && !loopback,
        };
    }

    private static (string Host, int Port) ParseSeed(string text, int index)
    {
        var key = $"cluster.seed-nodes[{index}]";
        var colon = text?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || !int.TryParse(text![(colon + 1)..], out var port) || port is < 1 or > 65535
            || Uri.CheckHostName(text[..colon].Trim('[', ']')) == UriHostNameType.Unknown)
            throw new ConfigurationException(key, $"{key} must be host:port (e.g. 192.168.1.20:4053), got '{text}'.");
        return (text[..colon], port);
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new ConfigurationException("cluster.tls.certificate", $"cluster.tls.certificate: the file {full} does not exist.");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(full, password);
        }
        catch (CryptographicException e)
        {
            // The password is never part of the message.
            throw new ConfigurationException("cluster.tls.password",
                $"cluster.tls.certificate {full} could not be opened: a PKCS#12 file with its private key and the password in cluster.tls.password " +
                $"(CHARGER_CLUSTER_TLS_PASSWORD) is needed ({e.Message.TrimEnd('.')}).", e);
        }
        if (!certificate.HasPrivateKey)
            throw new ConfigurationException("cluster.tls.certificate", $"cluster.tls.certificate {full} has no private key: export the site certificate with its key.");
        return certificate;
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
