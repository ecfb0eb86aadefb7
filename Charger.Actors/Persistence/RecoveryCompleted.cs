namespace Charger.Actors.Persistence;

/// <summary>Recovery's last message: state is rebuilt; commands (stashed meanwhile) come next.</summary>
public sealed record RecoveryCompleted
{
    public static readonly RecoveryCompleted Instance = new();

    private RecoveryCompleted() { }
}
