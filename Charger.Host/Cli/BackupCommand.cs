using System.CommandLine;
using Charger.Actors.Sessions.Sqlite;
using Charger.Host.Configuration;

namespace Charger.Host.Cli;

/// <summary>
/// <c>charger backup &lt;file&gt;</c>: an online copy of <c>{data-dir}/charger.db</c> through SQLite's backup
/// API, safe while the daemon runs (WAL: the copy reads the last committed transaction and does not block
/// the daemon's writes). The copy is one self-contained file, checked before it replaces the destination.
/// </summary>
internal static class BackupCommand
{
    private static readonly Argument<string> Destination = new("destination-file")
    {
        Description = "Where to write the copy (replaced atomically if it exists).",
    };

    public static Command Create()
    {
        var command = new Command("backup", "Copy charger.db to a file while the daemon keeps running (SQLite online backup).");
        command.Arguments.Add(Destination);
        command.Options.Add(DaemonArguments.Config);
        command.Options.Add(DaemonArguments.Set);
        command.SetAction(async (parse, cancel) =>
        {
            string source;
            try
            {
                source = Path.Combine(ConfiguredDaemon.LoadSqlite(parse).DataDirectory, SqliteDatabase.FileName);
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync($"charger: configuration error in {e.Key}: {e.Message}");
                return ConfigurationException.ExitCode;
            }
            // Opening a missing file would create an empty database and back that up.
            if (!File.Exists(source))
            {
                await Console.Error.WriteLineAsync($"charger backup: there is no database at {source} (check data-dir).");
                return ExitCodes.NoInput;
            }
            var destination = Path.GetFullPath(parse.GetValue(Destination)!);
            try
            {
                await using var database = await SqliteDatabase.OpenFileAsync(source, cancellationToken: cancel);
                var bytes = await SqliteBackup.BackupAsync(database, destination, cancel);
                await Console.Out.WriteLineAsync($"Backed up {source} (schema version {database.SchemaVersion}) to {destination}: {bytes} bytes, integrity check ok.");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
                                          or Microsoft.Data.Sqlite.SqliteException or Actors.Sessions.UnsupportedSchemaVersionException)
            {
                await Console.Error.WriteLineAsync($"charger backup: could not back up {source} to {destination}: {e.Message}");
                return ExitCodes.IoError;
            }
        });
        return command;
    }
}
