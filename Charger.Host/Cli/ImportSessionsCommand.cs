using System.CommandLine;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Migration;
using Charger.Actors.Sessions.Projection;
using Charger.Host.Daemon;
using Charger.Actors.Sessions.Sqlite;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Import;
using Charger.Host.Configuration;

namespace Charger.Host.Cli;

/// <summary>
/// <c>charger import-sessions &lt;sessions.db&gt;</c>: the predecessor's session history into <c>charger.db</c>
/// (see <see cref="SessionImporter"/>), for one charger. Idempotent; the predecessor file is only read,
/// and one that is not the predecessor's database is refused before anything of ours is opened.
/// </summary>
internal static class ImportSessionsCommand
{
    private static readonly Argument<string> Source = new("path-to-sessions.db")
    {
        Description = "The predecessor's database (api/data/sessions.db, or data/sessions.db before Dec 2025).",
    };

    private static readonly Option<string?> ChargerId = new("--charger")
    {
        Description = "The charger the sessions belong to (default: the first configured charger).",
    };

    public static Command Create()
    {
        var command = new Command("import-sessions",
            "Import the predecessor's sessions (sessions.db) into charger.db; running it again imports nothing twice. Its energy, power, current and voltage figures are not imported.");
        command.Arguments.Add(Source);
        command.Options.Add(ChargerId);
        command.Options.Add(DaemonArguments.Config);
        command.Options.Add(DaemonArguments.Set);
        command.SetAction(async (parse, cancel) =>
        {
            Daemon.DaemonOptions options;
            try
            {
                options = ConfiguredDaemon.LoadSqlite(parse);
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync($"charger: configuration error in {e.Key}: {e.Message}");
                return ConfigurationException.ExitCode;
            }
            return await ImportAsync(options, parse.GetValue(ChargerId), parse.GetValue(Source)!, Console.Out, Console.Error, cancel);
        });
        return command;
    }

    /// <summary>
    /// Imports <paramref name="source"/> into <paramref name="options"/>' charger.db for one charger and reports
    /// what it did; the exit code (0, <see cref="ExitCodes.Usage"/> for an unknown charger, <see cref="ExitCodes.DataError"/>
    /// for a file that is not the predecessor's). <c>migrate-from-predecessor</c> imports through this too.
    /// </summary>
    public static async Task<int> ImportAsync(Daemon.DaemonOptions options, string? requestedCharger, string source, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        var chargerId = requestedCharger ?? options.Chargers[0].Id;
        if (options.Chargers.All(c => c.Id != chargerId))
        {
            await error.WriteLineAsync(
                $"charger import-sessions: no charger '{chargerId}' is configured (chargers: {string.Join(", ", options.Chargers.Select(c => c.Id))}).");
            return ExitCodes.Usage;
        }

        IReadOnlyList<PredecessorSession> sessions;
        try
        {
            sessions = PredecessorDatabase.Read(source);
        }
        catch (NotAPredecessorDatabaseException e)
        {
            await error.WriteLineAsync($"charger import-sessions: {e.Message} Nothing was imported.");
            return ExitCodes.DataError;
        }

        await using var database = await SqliteDatabase.OpenAsync(options.DataDirectory, cancellationToken: cancellationToken);
        await using var journal = await JournalHost.StartAsync(new SessionStore.Sqlite(database.FilePath), cancellationToken);
        // A data directory of the previous release, not yet started under this one: its journal moves first, as the daemon would.
        await LegacyJournalMigration.RunAsync(journal.System, new SqliteLegacyJournal(database),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, cancellationToken);
        var report = await new SessionImporter(journal.System, database).ImportAsync(chargerId, sessions, cancellationToken);
        // The session tables show them now, whether or not a daemon runs (its projection would, within a poll).
        await SessionProjectionActor.CatchUpAsync(journal.System, new SqliteSessionTables(database));
        await output.WriteLineAsync(
            $"Imported {report.Imported} session(s) with {report.ImportedEvents} event(s) for charger {chargerId} into {database.FilePath}; " +
            $"{report.AlreadyPresent} already present; {report.Skipped.Count} skipped.");
        await output.WriteLineAsync(
            $"Events of the imported sessions: {report.Sources.Table} from session_events, {report.Sources.Json} from the events JSON column; " +
            $"{report.Sources.InBoth} were in both (same type, less than {PredecessorEvents.Precision.TotalSeconds:0} s apart) and were merged into one each; " +
            $"{report.ImportedEvents} imported.");
        foreach (var (sessionId, reason) in report.Skipped)
            await output.WriteLineAsync($"  skipped {(sessionId.Length > 0 ? sessionId : "(no id)")}: {reason}");
        foreach (var (sessionId, note) in report.Notes)
            await output.WriteLineAsync($"  note {sessionId}: {note}");
        await output.WriteLineAsync(
            "Energy is left empty: the predecessor's energy, power, current and voltage figures came from a cable rating and an ADC count, not a meter. " +
            $"Sessions it left ACTIVE are imported CANCELLED (\"{SessionImporter.OpenSessionReason}\").");
        return 0;
    }
}
