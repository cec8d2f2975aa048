using MathNet.Numerics.Distributions;
using VolNotebooks.Econometrics;

namespace VolNotebooks.Risk;

/// <summary>RiskMetrics VaR: an EWMA variance with a zero mean and a normal quantile.</summary>
/// <remarks>
/// <c>sigma2_t = lambda sigma2_{t-1} + (1 - lambda) r_{t-1}^2</c> (J.P. Morgan/Reuters 1996, lambda = 0.94 for daily data),
/// started at day <c>seedDays</c> from the mean square of returns <c>0 .. seedDays-1</c>, and
/// <c>VaR_t = z_alpha sigma_t</c> with <c>z_alpha</c> the standard normal alpha-quantile. The recursion is
/// <see cref="Ewma.ComputeVariance"/> with that seed as the backcast.
/// </remarks>
public static class RiskMetricsVar
{
    /// <summary>One-day VaR at level alpha, aligned with <paramref name="returns"/>; the first <paramref name="seedDays"/> entries are NaN.</summary>
    /// <param name="returns">Daily returns, finite, in any unit (the VaR comes in the same unit).</param>
    /// <param name="level">VaR level alpha in (0, 1).</param>
    /// <param name="lambda">Decay in (0, 1); RiskMetrics uses 0.94 for daily data.</param>
    /// <param name="seedDays">Leading returns whose mean square starts the recursion.</param>
    public static double[] OneDayVar(ReadOnlySpan<double> returns, double level, double lambda = 0.94, int seedDays = 250)
    {
        HistoricalSimulation.RequireLevel(level);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seedDays);
        var valueAtRisk = new double[returns.Length];
        valueAtRisk.AsSpan().Fill(double.NaN);
        if (returns.Length <= seedDays) return valueAtRisk;

        double seed = 0;
        foreach (double r in returns[..seedDays]) seed += r * r;
        seed /= seedDays;
        var sigma2 = new double[returns.Length - seedDays];
        // residuals [seedDays..n), sigma2[i] is day seedDays + i's variance, reading returns up to seedDays + i - 1.
        Ewma.Fixed(lambda).ComputeVariance([], returns[seedDays..], seed, sigma2);
        double z = Normal.InvCDF(0, 1, level);
        for (int i = 0; i < sigma2.Length; i++) valueAtRisk[seedDays + i] = z * Math.Sqrt(sigma2[i]);
        return valueAtRisk;
    }
}
