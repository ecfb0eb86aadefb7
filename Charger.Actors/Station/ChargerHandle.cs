using Charger.Actors.Charging;
using Akka.Actor;
using Charger.Actors.Metering;
using Charger.Actors.Serial;
using Charger.Actors.Subscribers;

namespace Charger.Actors.Station;

/// <summary>
/// What the rest of the host needs to reach one charger: its supervisor (send it
/// <see cref="ChargerCommand"/>s and <see cref="StateTrackerActor.GetStatus"/>) and the monitors it
/// can read without asking an actor (link, status, subscribers, event sequence).
/// </summary>
public sealed record ChargerHandle(
    string Id,
    IActorRef Supervisor,
    ChargerOptions Options,
    LinkMonitor Link,
    StatusMonitor Status,
    SubscriberMonitors Subscribers,
    ChargerEventSequence Events,
    FlightRecorder Recorder,
    MeterMonitor? Meter = null)
{
    /// <summary>The charger's OCPP connection, when it has one (<c>ocpp.url</c> set).</summary>
    public Ocpp.ChargePoint.OcppMonitor? Ocpp { get; init; }

    /// <summary>The meter's energy register (OCPP's meterStart/meterStop source); "no meter" when the charger has none.</summary>
    public IEnergyRegister EnergyRegister => Meter ?? (IEnergyRegister)NoEnergyRegister.Instance;
}
