using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Charger.Tests.TestKit;

/// <summary>
/// A throwaway PostgreSQL server for tests and benchmarks: <c>initdb</c> into a temporary directory and
/// <c>pg_ctl start</c> listening only on a unix socket in that directory (no TCP, so parallel runs cannot
/// collide), as the <c>postgres</c> user through <c>runuser</c> when we are root (PostgreSQL refuses to
/// run as root). The binaries come from the newest <c>/usr/lib/postgresql/*/bin</c> (Debian's
/// <c>postgresql</c> package). Disposing stops the server and deletes the directory.
/// <para>
/// Starting throws <see cref="InvalidOperationException"/> with the reason and the server log when
/// PostgreSQL is missing or does not come up: tests using it fail, they never skip.
/// </para>
/// </summary>
public sealed class PostgresTempServer : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private int _databases;
    private bool _stopped;

    private PostgresTempServer(string directory, string binDirectory, int port, bool fsync)
    {
        Directory = directory;
        BinDirectory = binDirectory;
        Port = port;
        Fsync = fsync;
    }

    /// <summary>The temporary directory: <c>data/</c>, <c>server.log</c> and the socket.</summary>
    public string Directory { get; }

    public string BinDirectory { get; }

    /// <summary>The port number in the socket's name (<c>.s.PGSQL.{port}</c>); nothing listens on TCP.</summary>
    public int Port { get; }

    /// <summary>Whether the server fsyncs its WAL (off by default for tests: faster, and crash safety of the server is not under test).</summary>
    public bool Fsync { get; }

    private string DataDirectory => Path.Combine(Directory, "data");

    private string LogFile => Path.Combine(Directory, "server.log");

    /// <summary>Connection string for <paramref name="database"/> as the superuser over the socket.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = Directory, Port = Port, Username = SuperUser, Database = database }.ConnectionString;

    /// <summary>Starts a fresh server; with <paramref name="fsync"/> it is as durable as a production one.</summary>
    public static async Task<PostgresTempServer> StartAsync(bool fsync = false, CancellationToken cancellationToken = default)
    {
        var binDirectory = FindBinDirectory();
        var directory = System.IO.Directory.CreateTempSubdirectory("charger-pg-").FullName;
        var server = new PostgresTempServer(directory, binDirectory, FreePort(), fsync);
        try
        {
            await server.InitAndStartAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates an empty database of its own and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = $"test_{Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture)}";
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            NpgsqlConnection.ClearAllPools();
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                await RunAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w"], CancellationToken.None, throwOnFailure: false).ConfigureAwait(false);
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is not worth failing a test run for.
            }
        }
    }

    private async Task InitAndStartAsync(CancellationToken cancellationToken)
    {
        if (IsRoot)
            await RunRawAsync("chown", [$"{SuperUser}:{SuperUser}", Directory], cancellationToken).ConfigureAwait(false);
        await RunAsync("initdb", ["-D", DataDirectory, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], cancellationToken)
            .ConfigureAwait(false);
        var settings = string.Join('\n',
            "listen_addresses = ''",
            $"unix_socket_directories = '{Directory}'",
            $"port = {Port.ToString(CultureInfo.InvariantCulture)}",
            $"fsync = {(Fsync ? "on" : "off")}",
            $"full_page_writes = {(Fsync ? "on" : "off")}",
            "synchronous_commit = on",
            "max_connections = 40",
            "shared_buffers = 32MB",
            "");
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), "\n# charger test server\n" + settings, cancellationToken).ConfigureAwait(false);
        try
        {
            await RunAsync("pg_ctl", ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60"], cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, cancellationToken).ConfigureAwait(false) : "(no server log)";
            throw new InvalidOperationException($"{e.Message}\nserver log:\n{log}", e);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBinDirectory()
    {
        const string Root = "/usr/lib/postgresql";
        var candidates = System.IO.Directory.Exists(Root)
            ? System.IO.Directory.GetDirectories(Root)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(c => c.Version >= 0 && File.Exists(Path.Combine(c.Dir, "bin", "initdb")))
                .OrderByDescending(c => c.Version)
                .ToList()
            : [];
        return candidates.Count > 0
            ? Path.Combine(candidates[0].Dir, "bin")
            : throw new InvalidOperationException(
                $"PostgreSQL is not installed: no {Root}/*/bin/initdb. Install it with `apt-get install -y postgresql` (.ci/run does).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool throwOnFailure = true)
    {
        var path = Path.Combine(BinDirectory, tool);
        return IsRoot
            ? RunRawAsync("runuser", ["-u", SuperUser, "--", path, .. arguments], cancellationToken, throwOnFailure)
            : RunRawAsync(path, arguments, cancellationToken, throwOnFailure);
    }

    private static async Task<string> RunRawAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool throwOnFailure = true)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        var commandLine = $"{file} {string.Join(' ', arguments)}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {commandLine}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"PostgreSQL: `{commandLine}` did not finish within {CommandTimeout.TotalSeconds} s");
        }
        var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        if (throwOnFailure && process.ExitCode != 0)
            throw new InvalidOperationException($"PostgreSQL: `{commandLine}` exited with {process.ExitCode}:\n{output}");
        return output;
    }
}
