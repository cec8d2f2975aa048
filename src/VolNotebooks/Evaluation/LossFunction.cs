namespace VolNotebooks.Evaluation;

/// <summary>A per-observation forecast loss <c>L(y, f)</c>: the one definition behind <see cref="ForecastMetrics"/>'
/// averages and the loss series that <see cref="DieboldMariano"/> and <see cref="ModelConfidenceSet"/> compare.</summary>
/// <param name="Name">Lower-case name as the command line spells it (<c>mse</c>, <c>mae</c>, <c>qlike</c>, <c>qlike-log</c>).</param>
/// <param name="Point">The loss of one pair: realized value y first, forecast f second.</param>
/// <param name="NeedsPositiveForecast">Whether a forecast must be positive (a variance, for the QLIKE forms).</param>
/// <param name="NeedsPositiveActual">Whether a realized value must be positive (the normalized QLIKE takes <c>ln y</c>).</param>
public sealed record LossFunction(string Name, Func<double, double, double> Point, bool NeedsPositiveForecast, bool NeedsPositiveActual)
{
    /// <summary>Squared error <c>(y - f)^2</c>.</summary>
    public static LossFunction Mse { get; } = new("mse", (y, f) => (y - f) * (y - f), false, false);

    /// <summary>Absolute error <c>|y - f|</c>.</summary>
    public static LossFunction Mae { get; } = new("mae", (y, f) => Math.Abs(y - f), false, false);

    /// <summary>QLIKE on variances in Patton's (2011) normalized form <c>y/f - ln(y/f) - 1</c>: zero for a perfect
    /// forecast; y and f must be positive.</summary>
    public static LossFunction Qlike { get; } = new("qlike", (y, f) => (y / f) - Math.Log(y / f) - 1, true, true);

    /// <summary>QLIKE on variances in the log form <c>ln f + y/f</c>: defined for a zero realized variance and equal to
    /// <see cref="Qlike"/> plus <c>ln y + 1</c>, a term no model changes, so loss differences are the same.</summary>
    public static LossFunction QlikeLog { get; } = new("qlike-log", (y, f) => Math.Log(f) + (y / f), true, false);

    /// <summary>Every loss, in the order the command line lists them.</summary>
    public static IReadOnlyList<LossFunction> All { get; } = [Mse, Mae, Qlike, QlikeLog];

    /// <summary>The loss called <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">One of <c>mse</c>, <c>mae</c>, <c>qlike</c>, <c>qlike-log</c>.</param>
    /// <exception cref="ArgumentException">No loss has that name (the known ones are listed).</exception>
    public static LossFunction Parse(string name) =>
        All.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown loss '{name}'; use one of {string.Join(", ", All.Select(l => l.Name))}");

    /// <summary>The loss of every pair, <c>L(y_t, f_t)</c>, for the tests that compare loss series.</summary>
    /// <param name="actual">Realized values y, all finite.</param>
    /// <param name="forecast">Forecasts f aligned with <paramref name="actual"/>, all finite.</param>
    /// <exception cref="ArgumentException">The lengths differ, a value is not finite, or a value this loss needs
    /// positive is not (the index is named).</exception>
    public double[] Series(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        if (actual.Length != forecast.Length)
            throw new ArgumentException($"actual has {actual.Length} values but forecast has {forecast.Length}; align them by date first");
        var losses = new double[actual.Length];
        for (var t = 0; t < actual.Length; t++)
        {
            var (y, f) = (actual[t], forecast[t]);
            if (!double.IsFinite(y) || !double.IsFinite(f)) throw new ArgumentException($"{Name} loss series: the pair at index {t} is not finite ({y}, {f})");
            if (NeedsPositiveForecast && f <= 0) throw new ArgumentException($"{Name} needs positive forecasts, but the forecast at index {t} is {f}");
            if (NeedsPositiveActual && y <= 0) throw new ArgumentException($"{Name} needs positive realized values, but the one at index {t} is {y}");
            losses[t] = Point(y, f);
        }

        return losses;
    }
}
