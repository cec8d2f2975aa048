namespace VolNotebooks.Econometrics;

/// <summary>Exponentially weighted moving-average variance (RiskMetrics), with the decay fixed or estimated.</summary>
/// <remarks>
/// <c>sigma2_t = lambda sigma2_{t-1} + (1 - lambda) e_{t-1}^2</c> (J.P. Morgan RiskMetrics 1996, lambda = 0.94 for daily
/// data). Pre-sample lags use the backcast, so <c>sigma2_0 = backcast</c>. With a fixed lambda the process has no
/// parameters; estimated, its one parameter is <c>lambda</c> in (0, 1). Forecasts are flat: <c>E_T[sigma2_{T+h}] = sigma2_{T+1}</c>.
/// </remarks>
public sealed class Ewma : VolatilityProcess
{
    private readonly double _fixedLambda;

    private Ewma(double fixedLambda, bool estimated)
    {
        _fixedLambda = fixedLambda;
        IsEstimated = estimated;
        ParameterNames = estimated ? ["lambda"] : [];
    }

    /// <summary>RiskMetrics with a fixed decay (0.94 by default).</summary>
    public static Ewma Fixed(double lambda = 0.94)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lambda);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lambda, 1.0);
        return new Ewma(lambda, estimated: false);
    }

    /// <summary>EWMA whose decay <c>lambda</c> is estimated by maximum likelihood.</summary>
    public static Ewma Estimated() => new(0.94, estimated: true);

    /// <summary>True when lambda is a parameter of the fit.</summary>
    public bool IsEstimated { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames { get; }

    /// <inheritdoc />
    public override string Name => IsEstimated ? "EWMA" : $"EWMA (lambda = {_fixedLambda:0.####})";

    /// <inheritdoc />
    public override int MaxLag => 1;

    /// <summary>The decay in effect for the given parameter slice.</summary>
    public double Lambda(ReadOnlySpan<double> parameters) => IsEstimated ? parameters[0] : _fixedLambda;

    /// <inheritdoc />
    public override IReadOnlyList<double[]> StartingValueCandidates(ReadOnlySpan<double> residuals) =>
        IsEstimated ? [[0.94], [0.97], [0.90], [0.99]] : [[]];

    /// <inheritdoc />
    public override ParameterBounds[] Bounds(ReadOnlySpan<double> residuals) =>
        IsEstimated ? [new ParameterBounds(1e-4, 1.0 - 1e-6)] : [];

    /// <inheritdoc />
    public override double NextVariance(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, double backcast)
    {
        double lambda = Lambda(parameters);
        int t = residuals.Length;
        if (t == 0) return backcast;
        return lambda * sigma2[t - 1] + (1 - lambda) * residuals[t - 1] * residuals[t - 1];
    }

    /// <inheritdoc />
    public override void ComputeVariance(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, double backcast, Span<double> sigma2)
    {
        if (residuals.Length == 0) return;
        double lambda = Lambda(parameters);
        double previous = backcast;
        sigma2[0] = previous;
        for (int t = 1; t < residuals.Length; t++)
        {
            double e = residuals[t - 1];
            previous = lambda * previous + (1 - lambda) * e * e;
            sigma2[t] = previous;
        }
    }

    /// <inheritdoc />
    /// <remarks>EWMA is an integrated process: it has no unconditional variance.</remarks>
    public override double LongRunVariance(ReadOnlySpan<double> parameters) => double.NaN;

    /// <inheritdoc />
    public override bool HasAnalyticForecast => true;

    /// <inheritdoc />
    public override void ForecastVariance(
        ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, double backcast,
        Span<double> destination, ForecastSimulation? simulation = null, double negativeSquareShare = 0.5) =>
        destination.Fill(NextVariance(parameters, residuals, sigma2, backcast));
}
