using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Charger.Actors.Charging;
using Charger.Actors.Serial;
using Charger.Actors.Simulation;
using Charger.Actors.Station;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks;

/// <summary>
/// Issue 19: a state change on the simulated ESP32 (firmware loop timing, real clock, real pty) until the
/// charger's status shows it, as <c>/api/status</c> reads it (the tracker's <see cref="StatusMonitor"/>),
/// with the daemon's default link settings. Changes come at random moments (seeded).
/// </summary>
public static class StateLatencyProbe
{
    public static async Task<int> RunAsync(int changes)
    {
        var directory = Directory.CreateTempSubdirectory("charger-bench-").FullName;
        var transport = new PtySimulatorTransport(Path.Combine(directory, "ttyESP32"));
        var simulator = new Esp32Simulator(TimeProvider.System);
        simulator.Attach(transport);
        simulator.PowerOn();
        await Task.Delay(2500);
        var system = BenchSystem.Create("state-latency");
        var options = new StationOptions { Chargers = [new ChargerOptions { Id = "cp-1", Link = new SerialLinkOptions { PortPath = transport.DevicePath } }] };
        var chargers = system.ActorOf(ChargersSupervisor.Props(options, new ChargerRegistry()), ChargersSupervisor.Name);
        var charger = (await chargers.Ask<ChargersSupervisor.Chargers>(ChargersSupervisor.GetChargers.Instance, TimeSpan.FromSeconds(30))).All[0];
        var linkEvents = new List<string>();
        charger.Link.Changed += s => { lock (linkEvents) linkEvents.Add($"{DateTime.UtcNow:HH:mm:ss.fff} up={s.IsUp} {s.LastError}"); };
        while (charger.Status.Last?.StateCode != 1) await Task.Delay(10);

        Console.WriteLine($"state-latency: {changes} state changes at random moments, firmware loop timing, default link settings (poll {charger.Options.Link.PollInterval.TotalMilliseconds} ms)");
        var random = new Random(19);
        var samples = new List<double>();
        Action[] cycle = [() => simulator.Vehicle.PlugCable(32), () => simulator.Vehicle.ConnectEv(), () => simulator.Vehicle.DisconnectEv(), () => simulator.Vehicle.UnplugCable()];
        int[] expected = [2, 3, 2, 1];
        for (var i = 0; i < changes; i++)
        {
            await Task.Delay(200 + random.Next(1300));
            var before = simulator.StateChanges.Count;
            cycle[i % 4]();
            var clock = Stopwatch.StartNew();
            // the firmware's own change (its time), then the status showing the target state
            while (simulator.StateChanges.Count == before || simulator.StateChanges[^1].To != (FirmwareState)expected[i % 4])
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"no firmware change {i}");
                await Task.Delay(1);
            }
            var changedAt = simulator.StateChanges[^1].At;
            while (charger.Status.Last?.StateCode != expected[i % 4] || charger.Status.Last.ReceivedAt < changedAt)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"change {i} not visible");
                await Task.Delay(1);
            }
            var lag = (DateTimeOffset.UtcNow - changedAt).TotalMilliseconds;
            samples.Add(lag);
            if (lag > 1100) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  change {i} ({expected[(i + 3) % 4]}->{expected[i % 4]}) took {lag:0} ms at {DateTime.UtcNow:HH:mm:ss.fff}"));
        }
        samples.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  median {samples[samples.Count / 2]:0} ms, p90 {samples[(int)(samples.Count * 0.9)]:0} ms, p99 {samples[(int)(samples.Count * 0.99)]:0} ms, max {samples[^1]:0} ms, over 1.1 s: {samples.Count(s => s > 1100)}"));
        lock (linkEvents) foreach (var e in linkEvents) Console.WriteLine("  link: " + e);
        await system.Terminate();
        simulator.Dispose();
        transport.Dispose();
        Directory.Delete(directory, true);
        return 0;
    }
}
