using Charger.Host.Daemon;

namespace Charger.Host.Logging;

/// <summary>Serilog for the daemon. (Skeleton: filled in by the logging work.)</summary>
public static class LoggingSetup
{
    public static void Configure(WebApplicationBuilder builder, DaemonOptions options)
    {
    }

    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app) => app;
}
