using Akka.Hosting;
using Charger.Host.Configuration;
using Charger.Host.Http;
using Charger.Host.Logging;
using Charger.Host.Metrics;
using Charger.Host.Security;
using Charger.Host.Simulate;
using Charger.Host.Operations;
using Charger.Host.Systemd;

namespace Charger.Host.Daemon;

/// <summary>
/// The composition root: one ASP.NET Core app holding the actor runtime, the HTTP API, logging,
/// metrics and systemd integration. Tests build it the same way with their own options and clock.
/// </summary>
public static class DaemonApp
{
    /// <param name="environment">Reads the variables systemd sets (NOTIFY_SOCKET, WATCHDOG_USEC); the process environment by default.</param>
    public static WebApplication Build(DaemonOptions options, ApiKeyStore keys, SimulatedDevice? simulator = null, TimeProvider? time = null,
        Func<string, string?>? environment = null)
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

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(keys);
        services.AddSingleton(time ?? TimeProvider.System);
        if (simulator is not null) services.AddSingleton(simulator);
        services.AddSingleton<ChargerRuntime>();
        // Before Akka's hosted service: the session storage opens before the actors start, closes after they stop.
        services.AddHostedService(p => p.GetRequiredService<ChargerRuntime>());
        services.AddAkka("charger", (akka, provider) => provider.GetRequiredService<ChargerRuntime>().Configure(akka));
        services.AddSingleton(p => new SystemdNotifier(environment ?? Environment.GetEnvironmentVariable,
            p.GetRequiredService<ILogger<SystemdNotifier>>(), p.GetRequiredService<TimeProvider>()));
        services.AddHostedService<SystemdService>();
        services.AddChargerMetrics(ChargerMetrics.MeterName, options.OtlpMetricsEndpoint);
        services.AddSingleton<ChargerMetrics>();
        services.AddSingleton<HostSampler>();
        services.AddSingleton<AuditLog>();
        services.AddApiSecurity(options);
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.AddOpenApi();

        var app = builder.Build();
        app.UseHttpMetrics(); // outermost, so what the error middleware answers is counted
        app.UseApiErrors();
        app.UseSecurityHeaders();
        app.UseRequestLogging();
        if (builder.Environment.WebRootPath is not null) app.UseStaticFiles(); // only the configured web root
        app.UseApiSecurity();
        app.MapOpenApi("/openapi.json");
        app.MapChargerMetrics();
        app.MapHealth();
        app.MapChargerApi();
        app.MapSessionApi();
        app.MapEventStream();
        app.MapSystemApi();
        if (simulator is not null) app.MapSimulatorApi();
        app.Services.GetRequiredService<ChargerMetrics>(); // instruments exist before the first measurement
        return app;
    }
}
