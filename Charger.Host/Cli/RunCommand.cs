using System.CommandLine;
using Charger.Host.Configuration;
using Charger.Host.Daemon;
using Charger.Host.Security;
using Charger.Host.Simulate;

namespace Charger.Host.Cli;

/// <summary>
/// <c>charger run</c> (the default): the daemon. With <c>--simulate</c> it first starts the built-in
/// ESP32 simulator on a pseudo-terminal and runs the first charger against it; if no API key is
/// configured it then makes one and prints it once, to the console only.
/// </summary>
internal static class RunCommand
{
    public static readonly Option<bool> Simulate = new("--simulate")
    {
        Description = "Run against the built-in ESP32 simulator on a pseudo-terminal (drive it with POST /api/simulator or stdin).",
    };

    public static Command Create()
    {
        var command = new Command("run", "Run the daemon (the default).");
        AddOptions(command);
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    public static void AddOptions(Command command)
    {
        command.Options.Add(DaemonArguments.Config);
        command.Options.Add(DaemonArguments.Set);
        command.Options.Add(Simulate);
    }

    public static async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
    {
        var simulate = parse.GetValue(Simulate);
        var environment = HostConfiguration.ProcessEnvironment();
        SimulatedDevice? device = null;
        try
        {
            DaemonOptions options;
            ApiKeyStore keys;
            string? generatedKey = null;
            try
            {
                var configuration = HostConfiguration.Build(parse.GetValue(DaemonArguments.Config), parse.GetValue(DaemonArguments.Set) ?? [], environment);
                var settings = HostConfiguration.Bind(configuration);
                keys = ApiKeyStore.From(settings.Security, environment.GetValueOrDefault(HostConfiguration.ApiKeyVariable));
                if (keys.Count == 0)
                {
                    if (!simulate)
                        throw new ConfigurationException("security.api-keys",
                            $"No API key is configured: set {HostConfiguration.ApiKeyVariable} or security.api-keys (run with --simulate to try without one).");
                    generatedKey = ApiKeyStore.Generate();
                    keys = ApiKeyStore.From(settings.Security, null, generatedKey);
                }
                if (simulate)
                    device = new SimulatedDevice(Path.Combine(Path.GetFullPath(settings.DataDir), "simulator", "ttyESP32"));
                options = DaemonOptions.From(settings, device?.DevicePath, device?.MeterDevicePath) with { Akka = HostConfiguration.ActorSystemConfig(configuration) };
                CreateDataDirectory(options.DataDirectory);
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync($"charger: configuration error in {e.Key}: {e.Message}");
                return ConfigurationException.ExitCode;
            }

            await using var app = DaemonApp.Build(options, keys, device);
            try
            {
                await app.StartAsync(cancel);
            }
            // Found only when the storage opens (a malformed or unreachable PostgreSQL): one line naming the
            // key rather than a stack trace. The host has logged the failure already.
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync($"charger: configuration error in {e.Key}: {e.Message}");
                return ConfigurationException.ExitCode;
            }
            catch (StorageUnavailableException e)
            {
                await Console.Error.WriteLineAsync($"charger: cannot start: {e.Message}");
                return StorageUnavailableException.ExitCode;
            }
            await Console.Out.WriteLineAsync($"Charger is listening on {string.Join(", ", app.Urls)}; data in {options.DataDirectory}.");
            await Console.Out.WriteLineAsync($"Dashboard: {app.Urls.First().TrimEnd('/')}/ (enter an API key with its \"API key\" button).");
            if (device is not null)
            {
                await Console.Out.WriteLineAsync($"Simulated ESP32 on {device.DevicePath}. Drive it: POST /api/simulator {{\"command\":\"plug 32\"}}, or type commands here.");
                await Console.Out.WriteLineAsync(SimulatorConsole.Help);
                await Console.Out.WriteLineAsync($"Simulated SDM630 meter on {device.MeterDevicePath} (the first charger's meter unless one is configured). {MeterConsole.Help}");
            }
            if (generatedKey is not null)
                await Console.Out.WriteLineAsync($"Control API key for this run (shown once, never logged): {generatedKey}");
            var console = device is not null && !Console.IsInputRedirected ? DriveFromConsoleAsync(device, app.Lifetime.ApplicationStopping) : Task.CompletedTask;
            await app.WaitForShutdownAsync(cancel);
            await console;
            return 0;
        }
        finally
        {
            device?.Dispose();
        }
    }

    /// <summary>
    /// The data folder holds the database, logs and station info. A first start makes it; a path that
    /// cannot be made (read-only, or a file in the way) is a configuration error naming the key.
    /// </summary>
    private static void CreateDataDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException("data-dir", $"data-dir '{path}' cannot be created: {e.Message}", e);
        }
    }

    private static async Task DriveFromConsoleAsync(SimulatedDevice device, CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested && await Console.In.ReadLineAsync(stopping) is { } line)
            {
                var reply = device.Execute(line);
                if (reply.Length > 0) await Console.Out.WriteLineAsync(reply);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
