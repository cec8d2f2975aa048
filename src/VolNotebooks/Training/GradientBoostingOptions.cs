namespace VolNotebooks.Training;

/// <summary>Settings of the gradient-boosting baseline (<see cref="GradientBoostingBaseline"/>): LightGBM's regression
/// trees on the features of the last few days of each input window.</summary>
public sealed record GradientBoostingOptions
{
    /// <summary>Days of each window flattened into one row (the last ones: t-W+1 .. t), between 1 and T.</summary>
    public int WindowDays { get; init; } = 5;

    /// <summary>Boosting rounds (trees).</summary>
    public int Iterations { get; init; } = 200;

    /// <summary>Leaves per tree.</summary>
    public int Leaves { get; init; } = 15;

    /// <summary>Shrinkage of each tree's contribution.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Fewest training rows in a leaf.</summary>
    public int MinimumRowsPerLeaf { get; init; } = 20;

    /// <summary>Seeds LightGBM (with one thread, the same seed gives the same trees).</summary>
    public int Seed { get; init; } = 42;
}
