namespace VolNotebooks.Evaluation;

/// <summary>A model confidence set: the MCS p-value of every model and the order in which they were eliminated.</summary>
/// <param name="PValues">[M]: model i's MCS p-value - the largest elimination p-value up to and including its own
/// elimination (1 for the last model standing), so p-values never fall along the elimination order.</param>
/// <param name="EliminationOrder">[M]: model indices in the order eliminated; the last one is never eliminated.</param>
/// <param name="EliminationPValues">[M - 1]: the equivalence test's bootstrap p-value at each elimination step.</param>
/// <param name="Statistic">The statistic used.</param>
/// <param name="Replications">Bootstrap replications B.</param>
public sealed record ModelConfidenceSetResult(
    double[] PValues, int[] EliminationOrder, double[] EliminationPValues, ModelConfidenceSetStatistic Statistic, int Replications)
{
    /// <summary>Indices of the models in the confidence set at level <paramref name="level"/>: those with MCS p-value
    /// at least the level (it holds the best models with probability at least 1 - level, asymptotically).</summary>
    /// <param name="level">alpha in (0, 1), e.g. 0.1 for the 90% set.</param>
    public int[] Included(double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "the level lies in (0, 1)");
        return [.. Enumerable.Range(0, PValues.Length).Where(i => PValues[i] >= level)];
    }
}
