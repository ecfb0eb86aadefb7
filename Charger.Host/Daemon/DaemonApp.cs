using Akka.Hosting;
using Charger.Host.Configuration;
using Charger.Host.Dashboard;
using Charger.Host.Http;
using Charger.Host.Logging;
using Charger.Host.Metrics;
using Charger.Host.Security;
using Charger.Host.Simulate;
using Charger.Host.Operations;
using Charger.Host.Systemd;
using Microsoft.Extensions.Hosting.Systemd;

namespace Charger.Host.Daemon;

/// <summary>
/// The composition root: one ASP.NET Core app holding the actor runtime, the HTTP API, logging,
/// metrics and systemd integration. Tests build it the same way with their own options and clock.
/// </summary>
public static class DaemonApp
{
    /// <param name="environment">Reads systemd's watchdog variables (WATCHDOG_USEC, WATCHDOG_PID); the process environment by default.</param>
    /// <param name="systemd">
    /// Microsoft.Extensions.Hosting.Systemd's notifier; by default a <see cref="SystemdNotifier"/> on the process's
    /// <c>NOTIFY_SOCKET</c> (the package reads the socket from the process environment only).
    /// </param>
    public static WebApplication Build(DaemonOptions options, ApiKeyStore keys, SimulatedDevice? simulator = null, TimeProvider? time = null,
        Func<string, string?>? environment = null, ISystemdNotifier? systemd = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = options.DataDirectory,
            WebRootPath = string.IsNullOrWhiteSpace(options.Settings.Http.WebRoot) ? null : Path.GetFullPath(options.Settings.Http.WebRoot),
        });
        builder.WebHost.UseUrls(options.Settings.Http.Url);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.Settings.Http.MaxBodyBytes;
        });
        builder.Host.ConfigureHostOptions(h => h.ShutdownTimeout = TimeSpan.FromSeconds(15));
        LoggingSetup.Configure(builder, options);
        ErrorTracking.Configure(builder.Logging, options, keys);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(keys);
        services.AddSingleton(time ?? TimeProvider.System);
        if (simulator is not null) services.AddSingleton(simulator);
        services.AddSingleton<ChargerRuntime>();
        // Before Akka's hosted service: the session storage opens before the actors start, closes after they stop.
        services.AddHostedService(p => p.GetRequiredService<ChargerRuntime>());
        services.AddAkka(options.Cluster?.SystemName ?? "charger", (akka, provider) => provider.GetRequiredService<ChargerRuntime>().Configure(akka));
        // systemd: the package's notifier and lifetime (READY=1 once started, STOPPING=1 on stop). UseSystemd adds the
        // lifetime when the parent process is systemd; a NOTIFY_SOCKET (a Type=notify service under another parent,
        // a test's socket) asks for it too. Our part is the status line and the health-gated watchdog.
        var notifier = systemd ?? new SystemdNotifier();
        services.AddSingleton(notifier);
        builder.Host.UseSystemd();
        if (notifier.IsEnabled) services.AddSingleton<IHostLifetime, SystemdLifetime>();
        services.AddHostedService(p => new SystemdService(notifier, p.GetRequiredService<ChargerRuntime>(),
            p.GetRequiredService<IHostApplicationLifetime>(), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<ILogger<SystemdService>>(),
            SystemdWatchdog.PingInterval(environment ?? Environment.GetEnvironmentVariable, Environment.ProcessId,
                p.GetRequiredService<ILogger<SystemdWatchdog>>())));
        services.AddChargerMetrics(ChargerMetrics.MeterName, options.OtlpMetricsEndpoint);
        services.AddSingleton<ChargerMetrics>();
        services.AddSingleton<HostSampler>();
        services.AddSingleton<AuditLog>();
        services.AddApiSecurity(options);
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.AddOpenApi();

        var app = builder.Build();
        app.UseHttpMetrics(); // outermost, so what the error middleware answers is counted
        app.UseRequestLogging(); // outside the error middleware, so the line has the status the client gets
        app.UseApiErrors();
        app.UseSecurityHeaders();
        if (builder.Environment.WebRootPath is not null) app.UseStaticFiles(); // only the configured web root; its files win over the dashboard's of the same name
        app.UseDashboard();
        app.UseApiSecurity();
        app.MapOpenApi("/openapi.json");
        app.MapChargerMetrics();
        app.MapHealth();
        app.MapChargerApi();
        app.MapSessionApi();
        app.MapSiteApi();
        app.MapOcppApi();
        app.MapEventStream();
        app.MapSystemApi();
        app.MapAlertsApi();
        app.MapSerialFramesApi();
        if (simulator is not null) app.MapSimulatorApi();
        app.Services.GetRequiredService<ChargerMetrics>(); // instruments exist before the first measurement
        return app;
    }
}
