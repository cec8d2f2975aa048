namespace VolNotebooks.Econometrics;

/// <summary>Homoskedastic benchmark: <c>sigma2_t = sigma2</c> for every t.</summary>
/// <remarks>Its maximum-likelihood estimate under normal errors is the mean squared residual.</remarks>
public sealed class ConstantVariance : VolatilityProcess
{
    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames { get; } = ["sigma2"];

    /// <inheritdoc />
    public override string Name => "Constant Variance";

    /// <inheritdoc />
    public override int MaxLag => 1;

    /// <inheritdoc />
    public override IReadOnlyList<double[]> StartingValueCandidates(ReadOnlySpan<double> residuals) =>
        [[Garch.MeanSquare(residuals)]];

    /// <inheritdoc />
    public override ParameterBounds[] Bounds(ReadOnlySpan<double> residuals)
    {
        double variance = Garch.MeanSquare(residuals);
        return [new ParameterBounds(1e-8 * variance, 100 * variance)];
    }

    /// <inheritdoc />
    public override double NextVariance(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, double backcast) =>
        parameters[0];

    /// <inheritdoc />
    public override void ComputeVariance(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, double backcast, Span<double> sigma2) =>
        sigma2[..residuals.Length].Fill(parameters[0]);

    /// <inheritdoc />
    public override double LongRunVariance(ReadOnlySpan<double> parameters) => parameters[0];

    /// <inheritdoc />
    public override bool HasAnalyticForecast => true;

    /// <inheritdoc />
    public override void ForecastVariance(
        ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, double backcast,
        Span<double> destination, ForecastSimulation? simulation = null, double negativeSquareShare = 0.5) =>
        destination.Fill(parameters[0]);
}
