namespace Charger.Actors.Kernel;

/// <summary>Reply conventions for Ask: a <see cref="Failure"/> reply faults the asker's task.</summary>
public static class Status
{
    public sealed record Success(object? Value);

    public sealed record Failure(Exception Cause);
}
