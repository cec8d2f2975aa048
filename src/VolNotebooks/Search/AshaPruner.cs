namespace VolNotebooks.Search;

/// <summary>Asynchronous successive halving (ASHA; Li et al. 2018, Optuna's <c>SuccessiveHalvingPruner</c>): a trial
/// reaching a rung goes on only if its value there is among the best <c>1/eta</c> of all values recorded at that rung.</summary>
/// <remarks>
/// Rung k sits at resource <c>r_k = MinResource * eta^(MinEarlyStoppingRate + k)</c>, k = 0, 1, ...: with steps counted
/// in epochs, MinResource 1 and eta 3 the rungs are at epochs 1, 3, 9, 27. A trial's value at a rung is its value at the
/// first step it reported at or past the rung. With n values at a rung (its own included) it is promoted when it is at
/// most the <c>max(n / eta, 1)</c>-th smallest: so, as in Optuna, while fewer than eta trials have reached a rung only
/// a new best goes on. Being asynchronous it never waits for a rung to fill, which is what lets workers share a study.
/// </remarks>
/// <param name="MinResource">Steps before the first rung (at least 1).</param>
/// <param name="ReductionFactor">eta: the share <c>1/eta</c> of trials promoted at each rung (at least 2).</param>
/// <param name="MinEarlyStoppingRate">s: skips the first s rungs.</param>
public sealed record AshaPruner(int MinResource = 1, int ReductionFactor = 3, int MinEarlyStoppingRate = 0) : IPruner
{
    /// <summary>The rungs' resources (steps) up to and including <paramref name="maxStep"/>, in order.</summary>
    /// <param name="maxStep">The most steps a trial can report (e.g. epochs times folds).</param>
    public IReadOnlyList<int> Rungs(int maxStep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinResource, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReductionFactor, 2);
        var rungs = new List<int>();
        for (var r = (long)MinResource * (long)Math.Pow(ReductionFactor, MinEarlyStoppingRate); r <= maxStep; r *= ReductionFactor) rungs.Add((int)r);
        return rungs;
    }

    /// <inheritdoc />
    public bool ShouldPrune(Trial trial, int step, IReadOnlyList<Trial> history)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(history);
        var previous = trial.IntermediateValues.Keys.Where(s => s < step).DefaultIfEmpty(int.MinValue).Max();
        var value = trial.IntermediateValues[step];
        foreach (var rung in Rungs(step).Where(r => r > previous))
        {
            var competing = history.Where(t => t.Number != trial.Number)
                .Select(t => AtRung(t, rung)).OfType<double>().Append(value).Where(double.IsFinite).Order().ToList();
            if (!double.IsFinite(value) || !IsPromotable(value, competing, ReductionFactor)) return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="value"/> is among the best <c>1/eta</c> of <paramref name="competing"/> (sorted,
    /// including <paramref name="value"/> itself); lower is better.</summary>
    internal static bool IsPromotable(double value, IReadOnlyList<double> competing, int reductionFactor)
    {
        var index = Math.Max((competing.Count / reductionFactor) - 1, 0);
        return value <= competing[index];
    }

    /// <summary>A trial's value at the first step it reported at or past <paramref name="rung"/>, if any.</summary>
    private static double? AtRung(Trial trial, int rung) =>
        trial.IntermediateValues.Where(p => p.Key >= rung).OrderBy(p => p.Key).Select(p => (double?)p.Value).FirstOrDefault();
}
