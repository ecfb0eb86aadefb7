using Charger.Actors.Charging;
using Akka.Actor;
using Charger.Actors.Serial;
using Charger.Actors.Station;
using Charger.Actors.Subscribers;

namespace Charger.Benchmarks.Support;

/// <summary>
/// The station as the daemon builds it (<see cref="ChargersSupervisor"/> with one charger and its
/// subscribers, default actor system settings) on the real serial code, with the benchmark playing the
/// ESP32 on the master side of a pseudo-terminal. Started, the link is up and the tracker holds an Idle
/// status, so every STAT line written from then on is compared with a known state.
/// </summary>
public sealed class PtyStation : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _directory;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _drain;

    private PtyStation(string directory, PseudoTerminal device, ActorSystem system, ChargerHandle charger)
    {
        _directory = directory;
        Device = device;
        System = system;
        Charger = charger;
        // The link's status polls (5 bytes a second) are read and dropped, so the pty never fills up.
        _drain = Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in device.Input.ReadAllAsync(_stopping.Token).ConfigureAwait(false)) { }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    /// <summary>The ESP32's side: write STAT lines here.</summary>
    public PseudoTerminal Device { get; }

    public ActorSystem System { get; }

    public ChargerHandle Charger { get; }

    /// <param name="subscribers">The charger's subscribers.</param>
    /// <param name="link">Changes to the default link settings, if any.</param>
    public static async Task<PtyStation> StartAsync(IReadOnlyList<SubscriberDefinition> subscribers, Func<SerialLinkOptions, SerialLinkOptions>? link = null)
    {
        var directory = Directory.CreateTempSubdirectory("charger-bench-").FullName;
        var device = PseudoTerminal.Open(Path.Combine(directory, "ttyESP32"));
        var system = BenchSystem.Create("event-probe");
        var linkOptions = new SerialLinkOptions { PortPath = device.DevicePath };
        var options = new StationOptions
        {
            Chargers = [new ChargerOptions { Id = "cp-1", Link = link?.Invoke(linkOptions) ?? linkOptions }],
            Subscribers = subscribers,
        };
        var chargers = system.ActorOf(ChargersSupervisor.Props(options, new ChargerRegistry()), ChargersSupervisor.Name);
        var charger = (await chargers.Ask<ChargersSupervisor.Chargers>(ChargersSupervisor.GetChargers.Instance, StartTimeout).ConfigureAwait(false)).All[0];
        var station = new PtyStation(directory, device, system, charger);

        using var timeout = new CancellationTokenSource(StartTimeout);
        while (!charger.Link.Current.IsUp) await Task.Delay(10, timeout.Token).ConfigureAwait(false);
        // The first status has nothing to be compared with, so it yields no event.
        device.Write(StatLines.Idle);
        while (await station.StateCodeAsync().ConfigureAwait(false) != 1) await Task.Delay(10, timeout.Token).ConfigureAwait(false);
        return station;
    }

    /// <summary>The tracker's latest STATE, or null before the first status.</summary>
    public async Task<int?> StateCodeAsync() =>
        (await Charger.Supervisor.Ask<StateTrackerActor.CurrentStatus>(StateTrackerActor.GetStatus.Instance, StartTimeout).ConfigureAwait(false)).Status?.StateCode;

    public async ValueTask DisposeAsync()
    {
        await System.Terminate().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _drain.ConfigureAwait(false);
        Device.Dispose();
        _stopping.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
