using MathNet.Numerics.Distributions;

namespace VolNotebooks.Evaluation;

/// <summary>The exact binomial test of a success probability, with R's <c>binom.test</c> p-values.</summary>
/// <remarks>Used on hit counts: e.g. how often a forecast gets the direction right, or how often realized losses exceed
/// a Value-at-Risk, against the rate a null model implies.</remarks>
public static class BinomialTest
{
    // R's binom.test treats probabilities within this relative tolerance of the observed one as equally likely.
    private const double RelativeTolerance = 1 + 1e-7;

    /// <summary>Two-sided p-value: the probability, under <c>Binomial(n, p)</c>, of every count no more likely than
    /// <paramref name="successes"/> (within a relative 1e-7, as R's <c>binom.test</c>).</summary>
    /// <param name="successes">Observed count k, 0..n.</param>
    /// <param name="trials">Number of trials n, at least 1.</param>
    /// <param name="probability">Success probability p under the null, in [0, 1].</param>
    public static double TwoSided(int successes, int trials, double probability)
    {
        Validate(successes, trials, probability);
        var observed = Binomial.PMF(probability, trials, successes);
        var expected = trials * probability;
        if (successes == expected) return 1;
        // R's rule: the whole tail on the observed side, plus the far-side counts that are no more likely.
        if (successes < expected)
        {
            var farSide = 0;
            for (var k = (int)Math.Ceiling(expected); k <= trials; k++)
            {
                if (Binomial.PMF(probability, trials, k) <= observed * RelativeTolerance) farSide++;
            }

            return Math.Min(1, Sum(probability, trials, 0, successes) + Sum(probability, trials, trials - farSide + 1, trials));
        }
        else
        {
            var farSide = 0;
            for (var k = 0; k <= (int)Math.Floor(expected); k++)
            {
                if (Binomial.PMF(probability, trials, k) <= observed * RelativeTolerance) farSide++;
            }

            return Math.Min(1, Sum(probability, trials, 0, farSide - 1) + Sum(probability, trials, successes, trials));
        }
    }

    /// <summary>One-sided p-value for a success probability above p: <c>P(X &gt;= k)</c> under <c>Binomial(n, p)</c>.</summary>
    /// <param name="successes">Observed count k, 0..n.</param>
    /// <param name="trials">Number of trials n, at least 1.</param>
    /// <param name="probability">Success probability p under the null, in [0, 1].</param>
    public static double Greater(int successes, int trials, double probability)
    {
        Validate(successes, trials, probability);
        return Math.Min(1, Sum(probability, trials, successes, trials));
    }

    // P(from <= X <= to) summed term by term: more accurate in a far tail than 1 - CDF.
    private static double Sum(double probability, int trials, int from, int to)
    {
        var total = 0.0;
        for (var k = Math.Max(from, 0); k <= to; k++) total += Binomial.PMF(probability, trials, k);
        return total;
    }

    private static void Validate(int successes, int trials, double probability)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (!(probability >= 0 && probability <= 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "a probability lies in [0, 1]");
    }
}
