namespace Charger.Host.Cli;

/// <summary>The sysexits.h codes the commands exit with, so scripts and systemd can tell failures apart.</summary>
internal static class ExitCodes
{
    /// <summary>EX_USAGE: an argument names something that does not exist (e.g. an unknown charger).</summary>
    public const int Usage = 64;

    /// <summary>EX_DATAERR: the input file is not what the command reads.</summary>
    public const int DataError = 65;

    /// <summary>EX_NOINPUT: the file to read does not exist.</summary>
    public const int NoInput = 66;

    /// <summary>EX_IOERR: writing the output failed.</summary>
    public const int IoError = 74;
}
