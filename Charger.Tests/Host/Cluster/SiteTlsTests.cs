using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Charger.Host.Cluster;
using Charger.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Charger.Tests.Host.Cluster;

/// <summary>
/// Cluster traffic with the site certificate (Akka.Remote's DotNetty TLS, mutual, pinned to that certificate), as
/// <see cref="SiteClusterComposition"/> composes it: a node with the site certificate joins; a node with another
/// certificate (same name, other key) or without TLS never becomes a member. Four ActorSystems in this process, on
/// loopback ports, each through Akka.Hosting as the daemon builds it. (Their logs say why: "Certificate pinning failed ...
/// not in allowed list" for the other certificate, "TLS handshake failed" for plaintext.)
/// </summary>
public sealed class SiteTlsTests
{
    private static SiteClusterOptions Node(int port, int seedPort, X509Certificate2? certificate) => new()
    {
        Site = "tls-test",
        Hostname = "127.0.0.1",
        Port = port,
        SeedNodes = [("127.0.0.1", seedPort)],
        Certificate = certificate,
    };

    private static async Task<IHost> StartAsync(SiteClusterOptions options)
    {
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka(options.SystemName, akka => akka
                .AddHocon("akka.loglevel = ERROR\nakka.stdout-loglevel = OFF", HoconAddMode.Prepend)
                .WithSiteCluster(options)))
            .Build();
        await host.StartAsync();
        return host;
    }

    private static Akka.Cluster.Cluster ClusterOf(IHost host) => Akka.Cluster.Cluster.Get(host.Services.GetRequiredService<ActorSystem>());

    private static bool IsMember(IHost seed, int port) =>
        ClusterOf(seed).State.Members.Any(m => m.Address.Port == port && m.Status == MemberStatus.Up);

    [Fact]
    public async Task Only_a_node_presenting_the_site_certificate_joins()
    {
        var site = SiteCertificate.Create("tls-test");
        var impostor = SiteCertificate.Create("tls-test"); // the same name, another key: not the site's certificate
        var (seedPort, impostorPort, plaintextPort, memberPort) = (DaemonProcess.FreePort(), DaemonProcess.FreePort(), DaemonProcess.FreePort(), DaemonProcess.FreePort());

        var hosts = new List<IHost>();
        try
        {
            var seed = await StartAsync(Node(seedPort, seedPort, site));
            hosts.Add(seed);
            // The two that must stay out start first, so they have had longer to try than the one that gets in.
            hosts.Add(await StartAsync(Node(impostorPort, seedPort, impostor)));
            hosts.Add(await StartAsync(Node(plaintextPort, seedPort, null)));
            hosts.Add(await StartAsync(Node(memberPort, seedPort, site)));

            var waited = Stopwatch.StartNew();
            while (!IsMember(seed, memberPort))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the node with the site certificate did not join within 30 s");
                await Task.Delay(100);
            }
            // A negative can only be watched for a while: three more seconds (join retries are 1 s apart here).
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(3))
            {
                Assert.False(ClusterOf(seed).State.Members.Any(m => m.Address.Port == impostorPort), "a node with another certificate joined");
                Assert.False(ClusterOf(seed).State.Members.Any(m => m.Address.Port == plaintextPort), "a node without TLS joined");
                await Task.Delay(100);
            }
            Assert.DoesNotContain(ClusterOf(hosts[1]).State.Members, m => m.Status == MemberStatus.Up);
            Assert.DoesNotContain(ClusterOf(hosts[2]).State.Members, m => m.Status == MemberStatus.Up);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }
}
