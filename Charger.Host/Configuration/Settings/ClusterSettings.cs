using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration.Settings;

/// <summary>
/// <c>cluster { }</c>: several hosts of one site as one Akka.Cluster. Off by default: the daemon is then the
/// single-host daemon, with no remoting port.
/// </summary>
public sealed class ClusterSettings
{
    public bool Enabled { get; set; }

    /// <summary>The site's name (letters, digits, '-'): the ActorSystem is <c>charger-{site}</c>, so nodes of another site never join.</summary>
    public string Site { get; set; } = "";

    /// <summary>The address cluster traffic binds to and that other nodes reach this node at.</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 4053;

    /// <summary>Nodes to join, as <c>host:port</c>; the first one that answers lets this node in. List the same ones on every node.</summary>
    [ConfigurationKeyName("seed-nodes")]
    public List<string> SeedNodes { get; set; } = [];

    /// <summary>on: run cluster traffic without TLS on a non-loopback address (a trusted, separate LAN only). Logged at start.</summary>
    [ConfigurationKeyName("allow-plaintext")]
    public bool AllowPlaintext { get; set; }

    public ClusterTlsSettings Tls { get; set; } = new();
}

public sealed class ClusterTlsSettings
{
    /// <summary>The site certificate (PKCS#12 with its private key), the same on every node. Unset: no TLS.</summary>
    public string? Certificate { get; set; }

    /// <summary>The certificate file's password. A secret: set CHARGER_CLUSTER_TLS_PASSWORD in the environment file. Never logged.</summary>
    public string? Password { get; set; }
}
