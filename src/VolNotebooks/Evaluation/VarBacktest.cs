using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace VolNotebooks.Evaluation;

/// <summary>Backtests of one-day Value-at-Risk forecasts: coverage, independence, dynamic quantile, Basel traffic light, quantile loss.</summary>
/// <remarks>
/// Conventions: the VaR of day t is a <b>negative</b> number in the return's unit, the alpha-quantile of day t's return
/// forecast from information up to day t-1 (a 99% VaR has alpha = 0.01); a <b>breach</b> is a return strictly below it,
/// <c>I_t = 1{r_t &lt; VaR_t}</c>. Likelihood ratios use <c>0 ln 0 = 0</c>, so no breaches and breaches on every day give
/// finite statistics. Every input must be finite; slice off a model's warm-up days first.
/// </remarks>
public static class VarBacktest
{
    /// <summary>Days of the Basel traffic-light window.</summary>
    public const int TrafficLightDays = 250;

    /// <summary>Lagged hits in the dynamic quantile regression, as Engle and Manganelli (2004) use.</summary>
    public const int DynamicQuantileLags = 4;

    /// <summary>The breach indicator <c>r_t &lt; VaR_t</c> per day.</summary>
    /// <param name="returns">Realized returns r_t.</param>
    /// <param name="valueAtRisk">VaR forecasts for the same days, negative, in the returns' unit.</param>
    public static bool[] Breaches(ReadOnlySpan<double> returns, ReadOnlySpan<double> valueAtRisk)
    {
        RequireAligned(returns, valueAtRisk);
        var breaches = new bool[returns.Length];
        for (int t = 0; t < returns.Length; t++) breaches[t] = returns[t] < valueAtRisk[t];
        return breaches;
    }

    /// <summary>Kupiec's (1995) proportion-of-failures likelihood ratio of <paramref name="breaches"/> in <paramref name="observations"/> days at level alpha.</summary>
    /// <remarks><c>LR_pof = -2 [ (n-x) ln(1-alpha) + x ln alpha - (n-x) ln(1-x/n) - x ln(x/n) ]</c>, asymptotically chi2(1)
    /// when the breach probability is alpha.</remarks>
    /// <param name="observations">Number of days n, positive.</param>
    /// <param name="breaches">Number of breaches x, 0..n.</param>
    /// <param name="level">Nominal breach probability alpha in (0, 1).</param>
    public static VarTestResult Kupiec(int observations, int breaches, double level)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observations);
        ArgumentOutOfRangeException.ThrowIfNegative(breaches);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(breaches, observations);
        RequireLevel(level);
        int n = observations, x = breaches;
        double observed = (double)x / n;
        double nullLog = XLogP(n - x, 1 - level) + XLogP(x, level);
        double alternativeLog = XLogP(n - x, 1 - observed) + XLogP(x, observed);
        return VarTestResult.FromChiSquare(-2 * (nullLog - alternativeLog), 1);
    }

    /// <summary>Christoffersen's (1998) independence likelihood ratio: a first-order Markov chain of breaches against independence.</summary>
    /// <remarks>
    /// With <c>pi01 = n01 / (n00 + n01)</c>, <c>pi11 = n11 / (n10 + n11)</c> and <c>pi = (n01 + n11) / N</c>,
    /// <c>LR_ind = -2 [ (n00 + n10) ln(1-pi) + (n01 + n11) ln pi - n00 ln(1-pi01) - n01 ln pi01 - n10 ln(1-pi11) - n11 ln pi11 ]</c>,
    /// chi2(1). A state never left (no breach ever, so no 1 -&gt; ? pair; or breaches on every day) contributes nothing,
    /// by <c>0 ln 0 = 0</c>; such sequences give <c>LR_ind = 0</c>.
    /// </remarks>
    /// <param name="breaches">Breach indicator per day, in time order.</param>
    public static VarTestResult Independence(ReadOnlySpan<bool> breaches)
    {
        var c = VarBreachTransitions.Count(breaches);
        if (c.Total == 0) return VarTestResult.FromChiSquare(0, 1);
        double pi = (double)(c.N01 + c.N11) / c.Total;
        double pi01 = c.N00 + c.N01 == 0 ? 0 : (double)c.N01 / (c.N00 + c.N01);
        double pi11 = c.N10 + c.N11 == 0 ? 0 : (double)c.N11 / (c.N10 + c.N11);
        double independent = XLogP(c.N00 + c.N10, 1 - pi) + XLogP(c.N01 + c.N11, pi);
        double markov = XLogP(c.N00, 1 - pi01) + XLogP(c.N01, pi01) + XLogP(c.N10, 1 - pi11) + XLogP(c.N11, pi11);
        return VarTestResult.FromChiSquare(-2 * (independent - markov), 1);
    }

    /// <summary>Christoffersen's conditional coverage, <c>LR_cc = LR_pof + LR_ind</c>, chi2(2).</summary>
    /// <remarks>The proportion-of-failures part is Kupiec's over all n days (not the n - 1 transitions), as is usual in practice.</remarks>
    /// <param name="breaches">Breach indicator per day, in time order.</param>
    /// <param name="level">Nominal breach probability alpha in (0, 1).</param>
    public static VarTestResult ConditionalCoverage(ReadOnlySpan<bool> breaches, double level)
    {
        if (breaches.Length == 0) throw new ArgumentException("The breach sequence is empty.", nameof(breaches));
        int x = 0;
        foreach (bool b in breaches) if (b) x++;
        double lr = Kupiec(breaches.Length, x, level).Statistic + Independence(breaches).Statistic;
        return VarTestResult.FromChiSquare(lr, 2);
    }

    /// <summary>Engle and Manganelli's (2004) dynamic quantile test with a constant, <see cref="DynamicQuantileLags"/> lagged hits and the VaR itself.</summary>
    /// <remarks>
    /// <c>Hit_t = 1{r_t &lt; VaR_t} - alpha</c>; for t = 4 .. n-1 the regressors are <c>X_t = [1, Hit_{t-1}, .., Hit_{t-4}, VaR_t]</c>
    /// and <c>DQ = Hit' X (X'X)^-1 X' Hit / (alpha (1 - alpha))</c>, chi2(k) with k = 6 columns. When X is rank deficient
    /// (no breaches makes every lagged hit equal to the constant's multiple), <c>(X'X)^-1</c> is the Moore-Penrose inverse, so
    /// the statistic is still the squared length of Hit's projection on X's column space, and k is X's rank.
    /// </remarks>
    /// <param name="returns">Realized returns.</param>
    /// <param name="valueAtRisk">VaR forecasts for the same days, negative.</param>
    /// <param name="level">Nominal breach probability alpha in (0, 1).</param>
    public static VarTestResult DynamicQuantile(ReadOnlySpan<double> returns, ReadOnlySpan<double> valueAtRisk, double level)
    {
        RequireAligned(returns, valueAtRisk);
        RequireLevel(level);
        const int p = DynamicQuantileLags;
        int rows = returns.Length - p;
        if (rows < p + 3) throw new ArgumentException($"The dynamic quantile test needs at least {2 * p + 3} days; got {returns.Length}.", nameof(returns));
        var hit = new double[returns.Length];
        for (int t = 0; t < hit.Length; t++) hit[t] = (returns[t] < valueAtRisk[t] ? 1.0 : 0.0) - level;

        // X [rows, 2 + p] = [1, Hit_{t-1} .. Hit_{t-p}, VaR_t] for t = p .. n-1
        var x = Matrix<double>.Build.Dense(rows, p + 2);
        var y = Vector<double>.Build.Dense(rows);
        for (int r = 0; r < rows; r++)
        {
            int t = r + p;
            x[r, 0] = 1.0;
            for (int lag = 1; lag <= p; lag++) x[r, lag] = hit[t - lag];
            x[r, p + 1] = valueAtRisk[t];
            y[r] = hit[t];
        }

        var xty = x.TransposeThisAndMultiply(y);
        var xtx = x.TransposeThisAndMultiply(x);
        int rank = xtx.Rank();
        var inverse = rank == xtx.RowCount ? xtx.Inverse() : xtx.PseudoInverse();
        double statistic = xty.DotProduct(inverse * xty) / (level * (1 - level));
        return VarTestResult.FromChiSquare(statistic, Math.Max(rank, 1));
    }

    /// <summary>Basel traffic-light zone of <paramref name="breaches"/> in <paramref name="observations"/> days at level alpha.</summary>
    /// <remarks>
    /// The zone follows the binomial cumulative probability <c>P(X &lt;= breaches)</c>, X ~ Binomial(n, alpha): below 95% green,
    /// below 99.99% yellow, otherwise red (Basel Committee 1996, "Supervisory framework for the use of backtesting").
    /// For 250 days at 99% this gives the familiar green 0-4, yellow 5-9, red 10 or more.
    /// </remarks>
    /// <param name="observations">Number of days n, positive.</param>
    /// <param name="breaches">Number of breaches in those days.</param>
    /// <param name="level">Nominal breach probability alpha in (0, 1).</param>
    public static VarTrafficLightZone TrafficLight(int observations, int breaches, double level)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observations);
        ArgumentOutOfRangeException.ThrowIfNegative(breaches);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(breaches, observations);
        RequireLevel(level);
        double cumulative = Binomial.CDF(level, observations, breaches);
        return cumulative < 0.95 ? VarTrafficLightZone.Green : cumulative < 0.9999 ? VarTrafficLightZone.Yellow : VarTrafficLightZone.Red;
    }

    /// <summary>Quantile (pinball, "tick") loss per day, <c>(alpha - 1{r_t &lt; VaR_t}) (r_t - VaR_t)</c>, non-negative.</summary>
    /// <remarks>The loss whose expectation the true alpha-quantile minimizes (Koenker and Bassett 1978); lower is better.</remarks>
    /// <param name="returns">Realized returns.</param>
    /// <param name="valueAtRisk">VaR forecasts for the same days.</param>
    /// <param name="level">Quantile level alpha in (0, 1).</param>
    public static double[] QuantileLoss(ReadOnlySpan<double> returns, ReadOnlySpan<double> valueAtRisk, double level)
    {
        RequireAligned(returns, valueAtRisk);
        RequireLevel(level);
        var loss = new double[returns.Length];
        for (int t = 0; t < loss.Length; t++)
        {
            double u = returns[t] - valueAtRisk[t];
            loss[t] = (level - (u < 0 ? 1.0 : 0.0)) * u;
        }

        return loss;
    }

    /// <summary>Runs every backtest of one VaR series.</summary>
    /// <param name="returns">Realized returns, finite.</param>
    /// <param name="valueAtRisk">VaR forecasts for the same days, finite and negative.</param>
    /// <param name="level">Nominal breach probability alpha in (0, 1).</param>
    public static VarBacktestReport Run(ReadOnlySpan<double> returns, ReadOnlySpan<double> valueAtRisk, double level)
    {
        bool[] breaches = Breaches(returns, valueAtRisk);
        int n = breaches.Length, x = breaches.Count(b => b);
        int window = Math.Min(TrafficLightDays, n);
        int recent = breaches.AsSpan(n - window).ToArray().Count(b => b);
        return new VarBacktestReport(
            level, n, x, Kupiec(n, x, level), Independence(breaches), ConditionalCoverage(breaches, level),
            DynamicQuantile(returns, valueAtRisk, level), TrafficLight(window, recent, level),
            QuantileLoss(returns, valueAtRisk, level).Average());
    }

    // count * ln(p) with 0 ln 0 = 0: a likelihood term for an outcome that never happened contributes nothing.
    private static double XLogP(int count, double p) => count == 0 ? 0.0 : count * Math.Log(p);

    private static void RequireLevel(double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The VaR level alpha must lie in (0, 1).");
    }

    private static void RequireAligned(ReadOnlySpan<double> returns, ReadOnlySpan<double> valueAtRisk)
    {
        if (returns.Length != valueAtRisk.Length)
            throw new ArgumentException($"returns ({returns.Length}) and VaR ({valueAtRisk.Length}) must have the same length.", nameof(valueAtRisk));
        if (returns.Length == 0) throw new ArgumentException("There are no days to backtest.", nameof(returns));
        for (int t = 0; t < returns.Length; t++)
            if (!double.IsFinite(returns[t]) || !double.IsFinite(valueAtRisk[t]))
                throw new ArgumentException($"Day {t}: returns and VaR must be finite.", nameof(returns));
    }
}
