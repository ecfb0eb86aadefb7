using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Charger.Host.Configuration;
using Charger.Host.Daemon;
using Charger.Host.Http;

namespace Charger.Host.Cli;

/// <summary>
/// <c>charger migrate-from-predecessor &lt;folder&gt;</c>: switches a station from the predecessor (PREDECESSOR.md) in
/// one step. From its <c>.env</c> it writes an equivalent <c>charger.conf</c> (the API key as its SHA-256, the serial
/// port, port 8000, reads without a key as its apps expect), copies its station info, imports its
/// <c>sessions.db</c> through <see cref="ImportSessionsCommand"/>, and names every variable it could not carry over
/// (names only: values may be secrets). Running it again changes nothing.
/// </summary>
internal static class MigrateFromPredecessorCommand
{
    public const string DefaultConfigFile = "/etc/charger/charger.conf";
    public const string DefaultDataDirectory = "/var/lib/charger";
    private const int PredecessorPort = 8000;

    private static readonly Argument<string> Folder = new("predecessor-folder")
    {
        Description = "The predecessor's checkout: the folder with its .env, api/data/sessions.db (or data/sessions.db) and data/station_info.json.",
    };

    private static readonly Option<string> ConfigFile = new("--config", "-c")
    {
        Description = $"The configuration file to write (default {DefaultConfigFile}); an existing different one is kept as <file>.before-migration.",
        DefaultValueFactory = _ => DefaultConfigFile,
    };

    private static readonly Option<string> ChargerId = new("--charger")
    {
        Description = "The id of the predecessor's charger here (default cp-1).",
        DefaultValueFactory = _ => "cp-1",
    };

    /// <summary>The predecessor's variables this command reads; everything else is reported as not carried over.</summary>
    private static readonly string[] Carried = ["X-API-Key", "SECRET_API_KEY", "ESP32_PORT", "ESP32_BAUDRATE", "PORT", "API_PORT"];

    /// <summary>Why a predecessor variable has no Charger equivalent (PREDECESSOR.md 5.4).</summary>
    private static readonly (string Prefix, string Reason)[] NotCarried =
    [
        ("TEST_API_USER_ID", "no default user: a start request names its driver with user_id in the body"),
        ("DEBUG", "errors never carry stack traces; see journalctl -u charger"),
        ("CORS_", "Charger sends no CORS headers: serve a browser app from the same origin (http.web-root) or through a proxy"),
        ("CACHE_", "no response cache: status is answered from memory"),
        ("REDIS_URL", "no response cache"),
        ("RATE_LIMIT_", "http.rate-limit.control-per-minute and http.rate-limit.read-per-minute apply instead"),
        ("DATABASE_PATH", "the database is {data-dir}/charger.db; the sessions were imported from sessions.db"),
        ("NGROK_", "the tunnel is not part of Charger: keep the ngrok service pointed at port 8000"),
        ("ENVIRONMENT", "read by no code of the predecessor either"),
    ];

    public static Command Create()
    {
        var command = new Command("migrate-from-predecessor",
            "Switch from the predecessor: write charger.conf from its .env (key hashed), copy its station info, import its sessions.db, " +
            "and name what could not be carried over. Running it again changes nothing.");
        command.Arguments.Add(Folder);
        command.Options.Add(ConfigFile);
        command.Options.Add(ChargerId);
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(Folder)!, parse.GetValue(ConfigFile)!, parse.GetValue(ChargerId)!, Console.Out, Console.Error, cancel));
        return command;
    }

    public static async Task<int> RunAsync(string folder, string configFile, string chargerId, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        folder = Path.GetFullPath(folder);
        configFile = Path.GetFullPath(configFile);
        var envPath = Path.Combine(folder, ".env");
        if (!File.Exists(envPath))
        {
            await error.WriteLineAsync($"charger migrate-from-predecessor: there is no .env in {folder} (the predecessor's checkout, e.g. /home/pi/ac-charger). Nothing was changed.");
            return ExitCodes.NoInput;
        }
        var env = PredecessorEnvFile.Read(envPath);
        var notCarried = new List<string>();

        // 1. The configuration. The data directory stays what the current file says (the package's /var/lib/charger).
        var dataDirectory = DefaultDataDirectory;
        if (File.Exists(configFile))
        {
            try
            {
                dataDirectory = HostConfiguration.Bind(HostConfiguration.Build(configFile, [], new Dictionary<string, string>())).DataDir;
            }
            catch (ConfigurationException)
            {
                // An unreadable file is replaced (and kept beside as .before-migration): the package's default data directory.
            }
        }
        var key = env["X-API-Key"] ?? env["SECRET_API_KEY"];
        if (key is null)
            notCarried.Add("API key: the .env has neither X-API-Key nor SECRET_API_KEY; the key in /etc/charger/charger.env stays the only one.");
        else if (key.Length < 16)
        {
            notCarried.Add($"API key: it has {key.Length} characters and Charger takes keys of at least 16; give the apps a new one (the key in /etc/charger/charger.env).");
            key = null;
        }
        var port = PredecessorPort;
        if ((env["PORT"] ?? env["API_PORT"]) is { } portText && !(int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536))
        {
            notCarried.Add($"PORT/API_PORT: '{portText}' is not a port; Charger listens on {PredecessorPort} like the predecessor.");
            port = PredecessorPort;
        }
        var serialPort = env["ESP32_PORT"] ?? "/dev/charger-esp32";
        var baudRate = int.TryParse(env["ESP32_BAUDRATE"], NumberStyles.None, CultureInfo.InvariantCulture, out var baud) ? baud : 115200;
        var text = ConfigText(folder, dataDirectory, port, key, chargerId, serialPort, baudRate);

        string configResult;
        try
        {
            configResult = await WriteConfigAsync(configFile, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"charger migrate-from-predecessor: cannot write {configFile}: {e.Message} (run it with sudo). Nothing was changed.");
            return ExitCodes.IoError;
        }
        DaemonOptions options;
        try
        {
            options = DaemonOptions.From(HostConfiguration.Bind(HostConfiguration.Build(configFile, [], HostConfiguration.ProcessEnvironment())));
        }
        catch (ConfigurationException e)
        {
            await error.WriteLineAsync($"charger: configuration error in {e.Key}: {e.Message} (in the written {configFile})");
            return ConfigurationException.ExitCode;
        }
        await output.WriteLineAsync($"Configuration {configFile}: {configResult}. Listens on port {port} on every interface; reads need no key (as with the predecessor: " +
                                    $"set http.public-reads = off once the apps send X-API-Key); {(key is null ? "no key from .env" : "the predecessor's API key, as its SHA-256, with the control role")}; " +
                                    $"charger {chargerId} on {serialPort} at {baudRate} baud{(env["ESP32_PORT"] is null ? " (ESP32_PORT unset: the name the udev rule gives the ESP32)" : "")}.");

        // 2. Station info, which its form wrote and its map/mobile apps read.
        Directory.CreateDirectory(options.DataDirectory);
        var stationInfo = new[] { Path.Combine(folder, "data", StationInfoStore.FileName), Path.Combine(folder, "api", "data", StationInfoStore.FileName) }
            .FirstOrDefault(File.Exists);
        var ours = Path.Combine(options.DataDirectory, StationInfoStore.FileName);
        if (stationInfo is null)
            await output.WriteLineAsync("Station info: the predecessor has none (data/station_info.json); set it with POST /api/station/info.");
        else if (!File.Exists(ours))
        {
            File.Copy(stationInfo, ours + ".tmp", overwrite: true);
            File.Move(ours + ".tmp", ours, overwrite: true);
            await output.WriteLineAsync($"Station info: copied {stationInfo} to {ours}.");
        }
        else if (File.ReadAllBytes(ours).AsSpan().SequenceEqual(File.ReadAllBytes(stationInfo)))
            await output.WriteLineAsync($"Station info: {ours} is already the predecessor's.");
        else
            notCarried.Add($"Station info: {ours} exists and differs from {stationInfo}; kept Charger's (delete it and run again to take the predecessor's).");

        // 3. Sessions, through import-sessions' own code.
        var sessions = new[] { Path.Combine(folder, "api", "data", "sessions.db"), Path.Combine(folder, "data", "sessions.db") }.FirstOrDefault(File.Exists);
        if (sessions is null)
            notCarried.Add("Sessions: no api/data/sessions.db or data/sessions.db in the folder.");
        else
        {
            if (options.Persistence != PersistenceProvider.Sqlite)
                notCarried.Add($"Sessions: persistence.provider is {options.Persistence.ToString().ToLowerInvariant()}; import-sessions works on charger.db only.");
            else
            {
                var imported = await ImportSessionsCommand.ImportAsync(options, chargerId, sessions, output, error, cancel);
                if (imported != 0) return imported;
            }
        }

        // 4. What has no equivalent, by name only.
        foreach (var name in env.Variables.Keys.Where(n => !Carried.Contains(n, StringComparer.Ordinal)).Order(StringComparer.Ordinal))
        {
            var reason = NotCarried.FirstOrDefault(r => name.StartsWith(r.Prefix, StringComparison.Ordinal)).Reason ?? "not a setting the predecessor read";
            notCarried.Add($"{name}: {reason}.");
        }
        foreach (var line in env.UnreadableLines) notCarried.Add($".env line {line}: not NAME=value, skipped.");
        notCarried.Add("Its logs/ and backups/ folders: not carried over (Charger logs to the journal and {data-dir}/logs; back up with charger backup).");
        await output.WriteLineAsync($"Not carried over ({notCarried.Count}):");
        foreach (var line in notCarried) await output.WriteLineAsync($"  - {line}");
        await output.WriteLineAsync("Next: stop and disable the predecessor (sudo systemctl disable --now charger-api), then sudo systemctl restart charger.");
        return 0;
    }

    private static string ConfigText(string folder, string dataDirectory, int port, string? key, string chargerId, string serialPort, int baudRate)
    {
        var builder = new StringBuilder();
        builder.AppendLine($"# Written by `charger migrate-from-predecessor {folder}` from its .env. Every other setting keeps its default:");
        builder.AppendLine("# /usr/share/doc/charger/charger.conf.example. Check after an edit: charger check-config --config <this file>");
        builder.AppendLine($"data-dir = {Quote(dataDirectory)}");
        builder.AppendLine("http {");
        builder.AppendLine($"  # The predecessor's port, on every interface, and its open reads: its apps keep working.");
        builder.AppendLine($"  url = {Quote($"http://0.0.0.0:{port}")}");
        builder.AppendLine("  public-reads = on");
        builder.AppendLine("}");
        builder.AppendLine("security {");
        builder.AppendLine("  api-keys = [");
        if (key is not null)
            builder.AppendLine($"    {{ id = \"predecessor\", role = control, sha256 = \"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}\" }}");
        builder.AppendLine("  ]");
        builder.AppendLine("}");
        builder.AppendLine("chargers = [");
        builder.AppendLine($"  {{ id = {Quote(chargerId)}, serial {{ port = {Quote(serialPort)}, baud-rate = {baudRate} }} }}");
        builder.AppendLine("]");
        return builder.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Writes the file atomically unless it already holds exactly this; a different one is kept once as .before-migration.</summary>
    private static async Task<string> WriteConfigAsync(string path, string text)
    {
        if (File.Exists(path) && await File.ReadAllTextAsync(path) == text) return "unchanged";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var kept = "";
        if (File.Exists(path) && !File.Exists(path + ".before-migration"))
        {
            File.Copy(path, path + ".before-migration");
            kept = $", the previous file kept as {path}.before-migration";
        }
        await File.WriteAllTextAsync(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
        return "written" + kept;
    }
}
