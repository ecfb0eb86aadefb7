using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Charger.Host.Configuration;
using Charger.Host.Daemon;

namespace Charger.Tests.Host.Cluster;

/// <summary><c>cluster { }</c>: off by default; on, every wrong value stops the start naming its key, and plaintext on the LAN only on purpose.</summary>
public sealed class SiteClusterSettingsTests : IDisposable
{
    private const string CertificatePasswordSecret = "site-cert-password-0123456789";

    private readonly string _dir = Directory.CreateTempSubdirectory("charger-cluster-conf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DaemonOptions Options(Dictionary<string, string>? env, params string[] sets) =>
        DaemonOptions.From(HostConfiguration.Bind(HostConfiguration.Build(null, sets, env ?? [])));

    private static readonly string[] ClusterOn =
    [
        "cluster.enabled=on", "cluster.site=pillars", "cluster.seed-nodes.0=127.0.0.1:4053",
        "persistence.provider=postgres", "persistence.postgres.connection-string=Host=db",
    ];

    private static ConfigurationException Refused(Dictionary<string, string>? env, params string[] sets) =>
        Assert.Throws<ConfigurationException>(() => Options(env, sets));

    [Fact]
    public void Without_cluster_settings_the_daemon_is_the_single_host_daemon()
    {
        Assert.Null(Options(null).Cluster);
        Assert.Null(Options(null, "cluster.site=pillars", "cluster.hostname=192.168.1.20").Cluster);
    }

    [Fact]
    public void A_loopback_node_with_a_site_and_seed_nodes_is_a_cluster_node()
    {
        var cluster = Options(null, [.. ClusterOn, "cluster.port=4054", "cluster.seed-nodes.1=127.0.0.1:4054"]).Cluster!;
        Assert.Equal("charger-pillars", cluster.SystemName);
        Assert.Equal(4054, cluster.Port);
        Assert.Equal(["akka.tcp://charger-pillars@127.0.0.1:4053", "akka.tcp://charger-pillars@127.0.0.1:4054"], cluster.SeedAddresses);
        Assert.Null(cluster.Certificate);
        Assert.False(cluster.PlaintextOnPurpose);
    }

    [Theory]
    [InlineData("cluster.site=", "cluster.site")]
    [InlineData("cluster.site=two words", "cluster.site")]
    [InlineData("cluster.port=0", "cluster.port")]
    [InlineData("cluster.hostname=", "cluster.hostname")]
    [InlineData("cluster.seed-nodes.0=127.0.0.1", "cluster.seed-nodes[0]")]
    [InlineData("cluster.seed-nodes.0=127.0.0.1:99999", "cluster.seed-nodes[0]")]
    [InlineData("persistence.provider=sqlite", "persistence.provider")]
    [InlineData("cluster.tls.certificate=/nonexistent/site.pfx", "cluster.tls.certificate")]
    public void A_wrong_value_stops_the_start_naming_its_key(string set, string key)
    {
        Assert.Equal(key, Refused(null, [.. ClusterOn, set]).Key);
    }

    [Fact]
    public void A_LAN_address_without_TLS_is_refused_unless_plaintext_is_allowed_on_purpose()
    {
        var refused = Refused(null, [.. ClusterOn, "cluster.hostname=192.168.1.20"]);
        Assert.Equal("cluster.tls.certificate", refused.Key);
        Assert.Contains("cluster.allow-plaintext", refused.Message, StringComparison.Ordinal);

        var allowed = Options(null, [.. ClusterOn, "cluster.hostname=192.168.1.20", "cluster.allow-plaintext=on"]).Cluster!;
        Assert.True(allowed.PlaintextOnPurpose);
        Assert.Null(allowed.Certificate);
    }

    [Fact]
    public void The_site_certificate_opens_with_the_password_from_the_environment_and_a_wrong_one_is_named_but_never_shown()
    {
        var path = Path.Combine(_dir, "site.pfx");
        File.WriteAllBytes(path, SiteCertificate.Create("pillars").Export(X509ContentType.Pkcs12, CertificatePasswordSecret));
        string[] sets = [.. ClusterOn, "cluster.hostname=192.168.1.20", $"cluster.tls.certificate={path}"];

        var cluster = Options(new Dictionary<string, string> { ["CHARGER_CLUSTER_TLS_PASSWORD"] = CertificatePasswordSecret }, sets).Cluster!;
        Assert.True(cluster.Certificate!.HasPrivateKey);
        Assert.False(cluster.PlaintextOnPurpose);

        var wrong = Refused(new Dictionary<string, string> { ["CHARGER_CLUSTER_TLS_PASSWORD"] = "not-the-password-at-all" }, sets);
        Assert.Equal("cluster.tls.password", wrong.Key);
        Assert.DoesNotContain("not-the-password-at-all", wrong.Message, StringComparison.Ordinal);
    }
}

/// <summary>Self-signed site certificates made at test time (System.Security.Cryptography), never files in the repository.</summary>
internal static class SiteCertificate
{
    public static X509Certificate2 Create(string site)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=charger-site-{site}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // server and client authentication
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        // Through PKCS#12, as the daemon loads it: the private key is then usable by SslStream on Linux.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
