namespace VolNotebooks.Econometrics;

/// <summary>Conditional mean of the returns: the first of the three components an <see cref="ArchModel"/> composes.</summary>
/// <remarks>
/// The mean turns returns into residuals <c>e_t = y_t - m_t(theta_mean)</c>; the volatility process and the distribution
/// only ever see residuals. A mean with lags holds back its first <see cref="HoldBack"/> returns, so residuals have
/// <c>n - HoldBack</c> elements aligned with <c>returns[HoldBack..]</c> (as arch's ARX does).
/// </remarks>
public abstract class MeanModel
{
    /// <summary>Textbook names of the mean parameters, in the order they occupy in the flat parameter vector.</summary>
    public abstract IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Number of mean parameters.</summary>
    public int ParameterCount => ParameterNames.Count;

    /// <summary>Number of leading returns used only as lags, not as observations.</summary>
    public abstract int HoldBack { get; }

    /// <summary>Short label used in summaries, e.g. "Constant Mean".</summary>
    public abstract string Name { get; }

    /// <summary>Least-squares estimates of the mean parameters, used as starting values and for the backcast residuals.</summary>
    public abstract double[] StartingValues(ReadOnlySpan<double> returns);

    /// <summary>Bounds of each mean parameter during estimation.</summary>
    public abstract ParameterBounds[] Bounds(ReadOnlySpan<double> returns);

    /// <summary>Conditional mean <c>m_t</c> given the parameters and the previous return <c>y_{t-1}</c>.</summary>
    public abstract double ConditionalMean(ReadOnlySpan<double> parameters, double previousReturn);

    /// <summary>Writes residuals <c>e_t = y_t - m_t</c> for <c>t = HoldBack..n-1</c> into <paramref name="residuals"/> (length <c>n - HoldBack</c>).</summary>
    public virtual void Residuals(ReadOnlySpan<double> parameters, ReadOnlySpan<double> returns, Span<double> residuals)
    {
        if (residuals.Length != returns.Length - HoldBack)
            throw new ArgumentException($"residuals must have {returns.Length - HoldBack} elements.", nameof(residuals));
        for (int t = HoldBack; t < returns.Length; t++)
        {
            double previous = t > 0 ? returns[t - 1] : 0.0;
            residuals[t - HoldBack] = returns[t] - ConditionalMean(parameters, previous);
        }
    }

    /// <summary>Multi-step mean forecasts <c>E[y_{T+h}]</c>, h = 1..destination.Length, from the last return <paramref name="lastReturn"/>.</summary>
    public void ForecastMean(ReadOnlySpan<double> parameters, double lastReturn, Span<double> destination)
    {
        double previous = lastReturn;
        for (int h = 0; h < destination.Length; h++)
        {
            previous = ConditionalMean(parameters, previous);
            destination[h] = previous;
        }
    }
}

/// <summary>Zero mean: <c>y_t = e_t</c>. No parameters.</summary>
public sealed class ZeroMean : MeanModel
{
    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames { get; } = [];

    /// <inheritdoc />
    public override int HoldBack => 0;

    /// <inheritdoc />
    public override string Name => "Zero Mean";

    /// <inheritdoc />
    public override double[] StartingValues(ReadOnlySpan<double> returns) => [];

    /// <inheritdoc />
    public override ParameterBounds[] Bounds(ReadOnlySpan<double> returns) => [];

    /// <inheritdoc />
    public override double ConditionalMean(ReadOnlySpan<double> parameters, double previousReturn) => 0.0;

    /// <inheritdoc />
    public override void Residuals(ReadOnlySpan<double> parameters, ReadOnlySpan<double> returns, Span<double> residuals) =>
        returns.CopyTo(residuals);
}

/// <summary>Constant mean: <c>y_t = mu + e_t</c>.</summary>
public sealed class ConstantMean : MeanModel
{
    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames { get; } = ["mu"];

    /// <inheritdoc />
    public override int HoldBack => 0;

    /// <inheritdoc />
    public override string Name => "Constant Mean";

    /// <inheritdoc />
    public override double[] StartingValues(ReadOnlySpan<double> returns)
    {
        double sum = 0;
        foreach (double y in returns) sum += y;
        return [sum / returns.Length];
    }

    /// <inheritdoc />
    public override ParameterBounds[] Bounds(ReadOnlySpan<double> returns) => [ParameterBounds.Unbounded];

    /// <inheritdoc />
    public override double ConditionalMean(ReadOnlySpan<double> parameters, double previousReturn) => parameters[0];

    /// <inheritdoc />
    public override void Residuals(ReadOnlySpan<double> parameters, ReadOnlySpan<double> returns, Span<double> residuals)
    {
        // Called once per likelihood evaluation: one subtraction per element, no per-element virtual call.
        double mu = parameters[0];
        for (int t = 0; t < returns.Length; t++) residuals[t] = returns[t] - mu;
    }
}

/// <summary>First-order autoregressive mean: <c>y_t = mu + phi[1] y_{t-1} + e_t</c>.</summary>
/// <remarks>The first return is held back as the lag of the second, so an AR(1) fit has <c>n - 1</c> observations.</remarks>
public sealed class AutoRegressiveMean : MeanModel
{
    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames { get; } = ["mu", "phi[1]"];

    /// <inheritdoc />
    public override int HoldBack => 1;

    /// <inheritdoc />
    public override string Name => "AR(1)";

    /// <inheritdoc />
    public override double[] StartingValues(ReadOnlySpan<double> returns)
    {
        // OLS of y_t on (1, y_{t-1}) for t = 1..n-1, by centred moments.
        int n = returns.Length - 1;
        double meanY = 0, meanX = 0;
        for (int t = 1; t < returns.Length; t++) { meanY += returns[t]; meanX += returns[t - 1]; }
        meanY /= n; meanX /= n;
        double sxy = 0, sxx = 0;
        for (int t = 1; t < returns.Length; t++)
        {
            double dx = returns[t - 1] - meanX;
            sxy += dx * (returns[t] - meanY);
            sxx += dx * dx;
        }
        double phi = sxx > 0 ? Math.Clamp(sxy / sxx, -0.99, 0.99) : 0.0;
        return [meanY - phi * meanX, phi];
    }

    /// <inheritdoc />
    public override ParameterBounds[] Bounds(ReadOnlySpan<double> returns) =>
        [ParameterBounds.Unbounded, new ParameterBounds(-0.9999, 0.9999)];

    /// <inheritdoc />
    public override double ConditionalMean(ReadOnlySpan<double> parameters, double previousReturn) =>
        parameters[0] + parameters[1] * previousReturn;
}
