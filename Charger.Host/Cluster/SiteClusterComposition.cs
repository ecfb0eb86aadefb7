using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;

namespace Charger.Host.Cluster;

/// <summary>
/// Cluster mode in the ActorSystem, through Akka.Cluster.Hosting: remoting on the node's address (TLS with the site
/// certificate when there is one), membership with the configured seed nodes, Akka's split-brain resolver in
/// keep-majority, DistributedPubSub for the site's live events. Only called with <c>cluster.enabled = on</c>.
/// </summary>
public static class SiteClusterComposition
{
    public const string Role = "charger";

    /// <summary>What Akka's JSON serializer needs to carry our messages between nodes (<see cref="FrameFieldsJsonConverter"/>).</summary>
    public static readonly string SerializationHocon =
        $"akka.actor.serialization-settings.json.converters = [\"{typeof(FrameFieldsJsonConverter).AssemblyQualifiedName}\"]";

    public static AkkaConfigurationBuilder WithSiteCluster(this AkkaConfigurationBuilder akka, SiteClusterOptions options)
    {
        var remote = new RemoteOptions { HostName = options.Hostname, PublicHostName = options.Hostname, Port = options.Port };
        if (options.Certificate is { } certificate)
        {
            remote.EnableSsl = true;
            // One site certificate on every node, pinned: a peer is let in only if it presents that very certificate
            // (mutual TLS), whatever CA signed it; no host name check, since nodes are addressed by IP.
            remote.Ssl = new SslOptions
            {
                X509Certificate = certificate,
                RequireMutualAuthentication = true,
                ValidateCertificateHostname = false,
                CustomValidator = CertificateValidation.PinnedCertificate(certificate.Thumbprint),
            };
        }
        return akka
            .AddHocon(SerializationHocon, HoconAddMode.Prepend)
            .WithRemoting(remote)
            .WithClustering(new ClusterOptions
            {
                Roles = [Role],
                SeedNodes = [.. options.SeedAddresses],
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .WithDistributedPubSub(Role);
    }
}
