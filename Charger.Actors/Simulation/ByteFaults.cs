namespace Charger.Actors.Simulation;

/// <summary>Per-byte fault probabilities for one direction of the serial link (each 0..1).</summary>
/// <param name="DropProbability">A byte is lost.</param>
/// <param name="CorruptProbability">A byte arrives with one random bit flipped.</param>
/// <param name="DuplicateProbability">A byte arrives twice.</param>
public sealed record ByteFaults(double DropProbability = 0, double CorruptProbability = 0, double DuplicateProbability = 0)
{
    /// <summary>No faults.</summary>
    public static ByteFaults None { get; } = new();

    /// <summary>True when no fault can happen.</summary>
    public bool IsNone => DropProbability <= 0 && CorruptProbability <= 0 && DuplicateProbability <= 0;

    internal void Validate()
    {
        Check(DropProbability, nameof(DropProbability));
        Check(CorruptProbability, nameof(CorruptProbability));
        Check(DuplicateProbability, nameof(DuplicateProbability));

        static void Check(double p, string name)
        {
            if (double.IsNaN(p) || p < 0 || p > 1) throw new ArgumentOutOfRangeException(name, p, "a probability is between 0 and 1");
        }
    }
}
