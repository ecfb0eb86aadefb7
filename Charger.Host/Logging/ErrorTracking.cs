using System.Text.RegularExpressions;
using Charger.Host.Daemon;
using Charger.Host.Operations;
using Charger.Host.Security;
using Sentry;
using Sentry.Extensions.Logging;

namespace Charger.Host.Logging;

/// <summary>
/// Error tracking with Sentry, on only with <c>errors.sentry-dsn</c>. Sentry.Extensions.Logging takes the host's
/// error lines (Serilog hands them on to providers) and the SDK's own integration the unhandled exceptions; actor
/// crashes, which Akka logs through <see cref="AkkaLogBridge"/>, are captured there first with the tags
/// <c>charger_id</c> and <c>actor_path</c> (the logger's copy of the same exception is then dropped by Sentry's
/// de-duplication). No personal data, no breadcrumbs (log lines), and every string of an event is scrubbed before it
/// leaves: the configured secrets, and any token that is one of the API keys, become <c>[redacted]</c>.
/// </summary>
public static partial class ErrorTracking
{
    public const string Redacted = "[redacted]";

    public static void Configure(ILoggingBuilder logging, DaemonOptions options, ApiKeyStore keys)
    {
        if (options.SentryDsn is not { } dsn) return;
        var secrets = Secrets(options);
        // The SDK (unhandled exceptions, the transport), closed with the host's services so what is queued is flushed.
        var sdk = SentrySdk.Init(o =>
        {
            o.Dsn = dsn;
            o.Environment = options.Settings.Errors.Environment;
            o.Release = "charger@" + SystemApiEndpoints.Version;
            o.SendDefaultPii = false;
            o.MaxBreadcrumbs = 0;
            o.AutoSessionTracking = false;
            o.IsGlobalModeEnabled = true;
            o.DisableFileWrite = true;
            o.DefaultTags["chargers"] = string.Join(",", options.Chargers.Select(c => c.Id));
            o.SetBeforeSend((evt, _) => Scrub(evt, secrets, keys));
        });
        logging.Services.AddHostedService(_ => new SentryFlush(sdk));
        // The host's error lines (Serilog hands them on to providers) become events; no breadcrumbs.
        logging.AddSentry(o =>
        {
            o.MinimumEventLevel = LogLevel.Error;
            o.MinimumBreadcrumbLevel = LogLevel.None;
        });
    }

    /// <summary>Flushes and closes the SDK when the host stops.</summary>
    private sealed class SentryFlush(IDisposable sdk) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            sdk.Dispose();
            return Task.CompletedTask;
        }
    }

    /// <summary>An actor failed (Akka logs it as an error with its cause): sent with the actor's path and its charger.</summary>
    public static void CaptureActorFailure(Exception cause, string actorPath)
    {
        if (!SentrySdk.IsEnabled) return;
        SentrySdk.CaptureException(cause, scope =>
        {
            scope.SetTag("actor_path", actorPath);
            if (ChargerIdOf(actorPath) is { } charger) scope.SetTag("charger_id", charger);
        });
    }

    /// <summary>"akka://charger/user/chargers/cp-1/subscribers/hook" is charger cp-1's.</summary>
    public static string? ChargerIdOf(string actorPath)
    {
        var match = ChargerPath().Match(actorPath);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("/user/chargers/([^/]+)")]
    private static partial Regex ChargerPath();

    [GeneratedRegex("[A-Za-z0-9._~+/=-]{16,}")]
    private static partial Regex Token();

    private static List<string> Secrets(DaemonOptions options)
    {
        var secrets = new List<string?>
        {
            options.Settings.Mqtt.Password,
            options.Settings.Persistence.Postgres.ConnectionString,
            Environment.GetEnvironmentVariable(Configuration.HostConfiguration.ApiKeyVariable),
        };
        secrets.AddRange(options.Settings.Security.ApiKeys.Select(k => k.Key));
        secrets.AddRange(options.Webhooks.Select(w => w.Options.Secret));
        return [.. secrets.Where(s => !string.IsNullOrEmpty(s) && s.Length >= 4).Cast<string>().Distinct()];
    }

    internal static SentryEvent Scrub(SentryEvent evt, IReadOnlyList<string> secrets, ApiKeyStore keys)
    {
        string? Clean(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            foreach (var secret in secrets) text = text.Replace(secret, Redacted, StringComparison.Ordinal);
            return Token().Replace(text, m => keys.Authenticate(m.Value) is null ? m.Value : Redacted);
        }

        evt.User = new SentryUser();
        if (evt.Message is { } message)
            evt.Message = new SentryMessage { Message = Clean(message.Message), Formatted = Clean(message.Formatted) };
        foreach (var exception in evt.SentryExceptions ?? []) exception.Value = Clean(exception.Value);
        foreach (var (key, value) in evt.Extra.ToList()) evt.SetExtra(key, value is string s ? Clean(s) : value);
        foreach (var (key, value) in evt.Tags.ToList()) evt.SetTag(key, Clean(value) ?? "");
        return evt;
    }
}
