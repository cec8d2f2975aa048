using MathNet.Numerics.Distributions;

namespace VolNotebooks.Evaluation.Backtest;

/// <summary>Inference on Sharpe ratios of daily returns: a stationary-bootstrap interval and the Jobson-Korkie-Memmel difference test.</summary>
public static class SharpeRatioInference
{
    /// <summary>Annualized Sharpe ratio, <c>mean / sd * sqrt(252)</c> (sample sd, n - 1; zero risk-free rate).</summary>
    /// <param name="returns">Daily returns, at least 2.</param>
    public static double Sharpe(ReadOnlySpan<double> returns) => Mean(returns) / StandardDeviation(returns) * Math.Sqrt(BacktestEngine.TradingDaysPerYear);

    /// <summary>Percentile interval of the annualized Sharpe ratio over stationary-bootstrap resamples (<see cref="StationaryBootstrap"/>).</summary>
    /// <remarks>The percentile method (Efron and Tibshirani 1993): the <c>(1-c)/2</c> and <c>(1+c)/2</c> empirical quantiles of the
    /// resampled Sharpe ratios. Blocks keep volatility clustering, which an iid bootstrap would break.</remarks>
    /// <param name="returns">Daily returns, at least 10.</param>
    /// <param name="confidence">Coverage in (0, 1).</param>
    /// <param name="replications">Resamples, at least 100.</param>
    /// <param name="meanBlockLength">Mean block length in days, at least 1.</param>
    /// <param name="seed">Seed of the resampling.</param>
    public static SharpeInterval BootstrapInterval(ReadOnlySpan<double> returns, double confidence = 0.95, int replications = 1000, double meanBlockLength = 10, int seed = 12345)
    {
        if (returns.Length < 10) throw new ArgumentException("A bootstrap interval needs at least 10 returns.", nameof(returns));
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence must lie in (0, 1).");
        ArgumentOutOfRangeException.ThrowIfLessThan(replications, 100);
        var random = Econometrics.SeededRandom.Create(seed);
        var indices = new int[returns.Length];
        var resample = new double[returns.Length];
        var sharpes = new double[replications];
        for (int b = 0; b < replications; b++)
        {
            StationaryBootstrap.Indices(returns.Length, meanBlockLength, random, indices);
            for (int i = 0; i < indices.Length; i++) resample[i] = returns[indices[i]];
            sharpes[b] = Sharpe(resample);
        }

        Array.Sort(sharpes);
        double tail = (1 - confidence) / 2;
        return new SharpeInterval(
            Sharpe(returns), Percentile(sharpes, tail), Percentile(sharpes, 1 - tail), confidence, replications, meanBlockLength, seed);
    }

    /// <summary>Jobson and Korkie's (1981) test of equal Sharpe ratios, with Memmel's (2003) corrected variance.</summary>
    /// <remarks>
    /// With per-period ratios <c>S_a, S_b</c>, correlation rho and T days:
    /// <c>z = (S_a - S_b) / sqrt(V / T)</c>, <c>V = 2 - 2 rho + (S_a^2 + S_b^2 - 2 S_a S_b rho^2) / 2</c>, asymptotically N(0, 1).
    /// It assumes iid normal returns; with fat tails and volatility clustering it tends to over-reject, which Ledoit and
    /// Wolf's (2008) HAC or studentized-bootstrap versions correct - read small p-values with that in mind.
    /// </remarks>
    /// <param name="a">Daily returns of the strategy.</param>
    /// <param name="b">Daily returns of the benchmark on the same days.</param>
    public static SharpeDifferenceTest JobsonKorkieMemmel(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("The two series must cover the same days.", nameof(b));
        if (a.Length < 3) throw new ArgumentException("The test needs at least 3 days.", nameof(a));
        int n = a.Length;
        double meanA = Mean(a), meanB = Mean(b), sdA = StandardDeviation(a), sdB = StandardDeviation(b);
        double covariance = 0;
        for (int t = 0; t < n; t++) covariance += (a[t] - meanA) * (b[t] - meanB);
        covariance /= n - 1;
        double rho = covariance / (sdA * sdB);
        double sa = meanA / sdA, sb = meanB / sdB;
        double v = 2 - (2 * rho) + (0.5 * ((sa * sa) + (sb * sb) - (2 * sa * sb * rho * rho)));
        double z = (sa - sb) / Math.Sqrt(v / n);
        double annual = Math.Sqrt(BacktestEngine.TradingDaysPerYear);
        return new SharpeDifferenceTest(sa * annual, sb * annual, rho, z, 2 * (1 - Normal.CDF(0, 1, Math.Abs(z))));
    }

    /// <summary>Sample standard deviation (n - 1).</summary>
    /// <param name="values">At least 2 values.</param>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        double mean = Mean(values), sum = 0;
        foreach (double v in values) sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / (values.Length - 1));
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }

    // Linear interpolation between order statistics of a sorted sample (Hyndman and Fan definition 7).
    private static double Percentile(double[] sorted, double p)
    {
        double position = p * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
