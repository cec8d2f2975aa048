namespace VolNotebooks.Econometrics;

/// <summary>EGARCH(1,1,1) conditional variance (Nelson 1991), modelled in logs so no positivity constraints are needed.</summary>
/// <remarks>
/// <c>ln sigma2_t = omega + alpha[1] (|z_{t-1}| - sqrt(2/pi)) + gamma[1] z_{t-1} + beta[1] ln sigma2_{t-1}</c>,
/// <c>z_t = e_t / sigma_t</c>. At t = 0 the lagged log variance is <c>ln(backcast)</c> and the z terms are omitted (zero),
/// as in arch. Stationarity requires <c>|beta[1]| &lt; 1</c>; we bound <c>0 &lt;= beta[1] &lt; 1</c> like arch. The log variance is
/// clipped to <c>[-700, 700]</c> so a wild trial point yields a poor likelihood instead of an overflow.
/// Multi-step forecasts are simulated (<see cref="VolatilityProcess.ForecastVariance"/>).
/// </remarks>
public sealed class Egarch : VolatilityProcess
{
    private static readonly double ExpectedAbsoluteNormal = Math.Sqrt(2 / Math.PI);
    private const double LogVarianceLimit = 700.0;

    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames { get; } = ["omega", "alpha[1]", "gamma[1]", "beta[1]"];

    /// <inheritdoc />
    public override string Name => "EGARCH";

    /// <inheritdoc />
    public override int MaxLag => 1;

    /// <inheritdoc />
    public override IReadOnlyList<double[]> StartingValueCandidates(ReadOnlySpan<double> residuals)
    {
        double logVariance = Math.Log(Garch.MeanSquare(residuals));
        var candidates = new List<double[]>();
        foreach (double alpha in (double[])[0.05, 0.1, 0.2])
            foreach (double gamma in (double[])[-0.1, 0.0])
                foreach (double beta in (double[])[0.9, 0.95, 0.98])
                    candidates.Add([logVariance * (1 - beta), alpha, gamma, beta]);
        return candidates;
    }

    /// <inheritdoc />
    public override ParameterBounds[] Bounds(ReadOnlySpan<double> residuals)
    {
        double logVariance = Math.Log(Garch.MeanSquare(residuals));
        double omegaRange = Math.Abs(logVariance) + 10.0;
        return
        [
            new ParameterBounds(-omegaRange, omegaRange),
            new ParameterBounds(-5.0, 5.0),
            new ParameterBounds(-5.0, 5.0),
            new ParameterBounds(0.0, 1.0 - 1e-6),
        ];
    }

    /// <inheritdoc />
    public override double NextVariance(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, double backcast)
    {
        int t = residuals.Length;
        double logVariance = parameters[0];
        if (t == 0)
        {
            logVariance += parameters[3] * Math.Log(backcast);
        }
        else
        {
            double z = residuals[t - 1] / Math.Sqrt(sigma2[t - 1]);
            logVariance += parameters[1] * (Math.Abs(z) - ExpectedAbsoluteNormal) + parameters[2] * z + parameters[3] * Math.Log(sigma2[t - 1]);
        }
        return Math.Exp(Math.Clamp(logVariance, -LogVarianceLimit, LogVarianceLimit));
    }

    /// <inheritdoc />
    public override void ComputeVariance(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, double backcast, Span<double> sigma2)
    {
        if (residuals.Length == 0) return;
        double omega = parameters[0], alpha = parameters[1], gamma = parameters[2], beta = parameters[3];
        // Carry ln sigma2 and sigma = exp(ln sigma2 / 2): one exponential per step and no logarithm or square root.
        double logVariance = Math.Clamp(omega + beta * Math.Log(backcast), -LogVarianceLimit, LogVarianceLimit);
        double sigma = Math.Exp(0.5 * logVariance);
        sigma2[0] = sigma * sigma;
        for (int t = 1; t < residuals.Length; t++)
        {
            double z = residuals[t - 1] / sigma;
            logVariance = omega + alpha * (Math.Abs(z) - ExpectedAbsoluteNormal) + gamma * z + beta * logVariance;
            logVariance = Math.Clamp(logVariance, -LogVarianceLimit, LogVarianceLimit);
            sigma = Math.Exp(0.5 * logVariance);
            sigma2[t] = sigma * sigma;
        }
    }

    /// <inheritdoc />
    /// <remarks>Approximated by <c>exp(omega / (1 - beta))</c>, the variance at the log-variance mean, ignoring the shocks' convexity.</remarks>
    public override double LongRunVariance(ReadOnlySpan<double> parameters) =>
        parameters[3] < 1 ? Math.Exp(parameters[0] / (1 - parameters[3])) : double.NaN;
}
