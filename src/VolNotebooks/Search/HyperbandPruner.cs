using System.Globalization;
using System.Text;

namespace VolNotebooks.Search;

/// <summary>Hyperband (Li et al. 2018, JMLR 18(185)) as Optuna's <c>HyperbandPruner</c> runs it: several successive
/// halving brackets, each trial assigned to one of them for good, each bracket an <see cref="AshaPruner"/> with its own
/// minimum resource that compares the trial only with the trials of its own bracket.</summary>
/// <remarks>
/// With resource R = <c>MaxResource / MinResource</c> and eta = <see cref="ReductionFactor"/> there are
/// <c>n = floor(log_eta R) + 1</c> brackets (the paper's <c>s_max + 1</c>). Bracket b (0-based) is successive halving
/// with early-stopping rate b: its first rung is at <c>MinResource * eta^b</c>, so bracket 0 prunes most aggressively
/// and bracket n - 1 runs every trial to <c>MaxResource</c>. The paper gives bracket s = n - 1 - b
/// <c>ceil(n * eta^s / (s + 1))</c> configurations; Optuna, not knowing the number of trials in advance, uses those
/// counts as shares: a trial goes to the bracket where the CRC-32 of <c>"{seed}_{number}"</c> modulo their total falls
/// (Optuna hashes the study's name where we hash its seed). The assignment depends only on the seed and the trial
/// number, so every worker of a study agrees on it without talking to the others.
/// </remarks>
/// <param name="MaxResource">The most steps a trial reports (epochs times folds for a study).</param>
/// <param name="Seed">The study's seed, which with the trial number picks the trial's bracket.</param>
/// <param name="MinResource">Steps before the first rung of bracket 0 (at least 1).</param>
/// <param name="ReductionFactor">eta: each rung promotes the best <c>1/eta</c> (at least 2).</param>
public sealed record HyperbandPruner(int MaxResource, int Seed, int MinResource = 1, int ReductionFactor = 3) : IPruner
{
    /// <summary>The number of brackets, <c>floor(log_eta(MaxResource / MinResource)) + 1</c>, counted in integers so
    /// that an exact power of eta is never lost to rounding.</summary>
    public int Brackets
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(MinResource, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(ReductionFactor, 2);
            ArgumentOutOfRangeException.ThrowIfLessThan(MaxResource, MinResource);
            var brackets = 1;
            for (var r = (long)MinResource * ReductionFactor; r <= MaxResource; r *= ReductionFactor) brackets++;
            return brackets;
        }
    }

    /// <summary>The share of trials bracket <paramref name="bracket"/> gets: <c>ceil(n * eta^s / (s + 1))</c> with
    /// <c>s = n - 1 - bracket</c> (Algorithm 1's n for bracket s).</summary>
    /// <param name="bracket">0 to <see cref="Brackets"/> - 1.</param>
    public int Budget(int bracket)
    {
        var n = Brackets;
        ArgumentOutOfRangeException.ThrowIfNegative(bracket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bracket, n);
        var s = n - 1 - bracket;
        var numerator = n * (long)Math.Pow(ReductionFactor, s);
        return (int)((numerator + s) / (s + 1));
    }

    /// <summary>The bracket of trial <paramref name="number"/>: CRC-32 of <c>"{Seed}_{number}"</c> modulo the total
    /// budget, walked through the brackets' budgets in order.</summary>
    /// <param name="number">The trial's number.</param>
    public int BracketOf(int number)
    {
        var n = Brackets;
        var budgets = Enumerable.Range(0, n).Select(Budget).ToArray();
        var position = (long)(Crc32.Hash(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Seed}_{number}"))) % (uint)budgets.Sum());
        for (var bracket = 0; bracket < n; bracket++)
        {
            position -= budgets[bracket];
            if (position < 0) return bracket;
        }

        throw new InvalidOperationException("unreachable: the position is below the budgets' total");
    }

    /// <summary>The successive-halving pruner of bracket <paramref name="bracket"/>: rungs from <c>MinResource * eta^bracket</c>.</summary>
    /// <param name="bracket">0 to <see cref="Brackets"/> - 1.</param>
    public AshaPruner Bracket(int bracket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bracket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bracket, Brackets);
        return new AshaPruner(MinResource, ReductionFactor, MinEarlyStoppingRate: bracket);
    }

    /// <inheritdoc />
    public bool ShouldPrune(Trial trial, int step, IReadOnlyList<Trial> history)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(history);
        var bracket = BracketOf(trial.Number);
        return Bracket(bracket).ShouldPrune(trial, step, [.. history.Where(t => BracketOf(t.Number) == bracket)]);
    }
}
