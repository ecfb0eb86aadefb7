using System.Globalization;
using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using Charger.Actors.Charging;
using Charger.Actors.Station;
using Charger.Host.Http;

namespace Charger.Host.Mqtt;

/// <summary>
/// Commands from MQTT (only with <c>mqtt.commands = on</c>, only from the command topics): "start" or "stop" on
/// <c>{base}/{charger}/command/charge</c>, whole amperes on <c>{base}/{charger}/command/max-current</c>. Each goes
/// to the charger's supervisor as the same <see cref="ChargerCommand"/> HTTP sends, so the command actor applies the
/// same rules (state checks, journal before AUTH, fresh status); the answer is published on
/// <c>{base}/{charger}/command/result</c> and audited. A payload that is not a command is answered and never sent.
/// </summary>
public sealed class MqttCommandActor : ReceiveActor
{
    public const string Name = "mqtt-commands";

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    private sealed record Answered(string ChargerId, string Command, string Outcome, string Message);

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    public MqttCommandActor(ChargerRegistry registry, MqttTopics topics, MqttOutbox outbox, Action<string, string, string> audit)
    {
        Receive<MqttConnectionActor.Received>(r =>
        {
            var target = registry.All.FirstOrDefault(h => r.Topic == topics.ChargeCommand(h.Id) || r.Topic == topics.MaxCurrentCommand(h.Id));
            if (target is null) return; // not a command topic of ours: never acted on
            var (command, error) = r.Topic == topics.ChargeCommand(target.Id) ? Charge(r.Payload) : MaxCurrent(r.Payload);
            if (command is null)
            {
                Self.Tell(new Answered(target.Id, r.Topic == topics.ChargeCommand(target.Id) ? "charge" : "max-current", "invalid", error!));
                return;
            }
            var name = CommandResponses.NameOf(command);
            target.Supervisor.Ask<CommandResult>(command, AskTimeout).ContinueWith(t => t.IsCompletedSuccessfully
                    ? new Answered(target.Id, name, CommandResponses.Outcome(t.Result), Describe(t.Result))
                    : new Answered(target.Id, name, "timeout", "the charger did not answer in time"), TaskScheduler.Default)
                .PipeTo(Self);
        });
        Receive<Answered>(a =>
        {
            audit(a.ChargerId, a.Command, a.Outcome);
            outbox.Publish(new MqttMessage(topics.CommandResult(a.ChargerId),
                JsonSerializer.Serialize(new { command = a.Command, result = a.Outcome, message = a.Message }), Retain: false));
            Log.Info("MQTT command {0} on charger {1}: {2} ({3})", a.Command, a.ChargerId, a.Outcome, a.Message);
        });
    }

    public static Props Props(ChargerRegistry registry, MqttTopics topics, MqttOutbox outbox, Action<string, string, string> audit) =>
        Akka.Actor.Props.Create(() => new MqttCommandActor(registry, topics, outbox, audit));

    private static (ChargerCommand?, string?) Charge(string payload) => payload.Trim().ToLowerInvariant() switch
    {
        "start" => (new StartCharging(), null),
        "stop" => (new StopCharging(), null),
        _ => (null, "the charge command takes start or stop"),
    };

    private static (ChargerCommand?, string?) MaxCurrent(string payload) =>
        int.TryParse(payload.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var amps) && amps is >= SetMaxCurrent.MinAmps and <= SetMaxCurrent.MaxAmps
            ? (new SetMaxCurrent(amps), null)
            : (null, $"max-current takes whole amperes {SetMaxCurrent.MinAmps}..{SetMaxCurrent.MaxAmps}");

    private static string Describe(CommandResult result) => result switch
    {
        CommandResult.Rejected r => r.Reason,
        CommandResult.LinkDown l => l.Reason,
        CommandResult.TimedOut t => t.Reason,
        CommandResult.NotRecorded n => n.Reason,
        CommandResult.NotAuthorized n => n.Reason,
        CommandResult.AuthorizationUnavailable a => a.Reason,
        CommandResult.Unavailable u => u.Reason,
        CommandResult.BudgetRefused b => b.Reason,
        _ => "ok",
    };
}
