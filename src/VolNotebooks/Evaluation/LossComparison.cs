namespace VolNotebooks.Evaluation;

/// <summary>Where in time one forecast gains on another: cumulative loss differences and mean losses over subsets of the
/// days (volatility regimes, calendar years).</summary>
public static class LossComparison
{
    /// <summary>[T]: the running sum of <c>L(a)_t - L(b)_t</c>; it falls while a forecasts better than b, and its last value
    /// over T is the difference of the two mean losses.</summary>
    /// <param name="table">Aligned forecasts.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="a">Model a's name.</param>
    /// <param name="b">Model b's name (e.g. the benchmark).</param>
    public static double[] CumulativeDifference(ForecastTable table, LossFunction loss, string a, string b)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(loss);
        var lossA = loss.Series(table.Actual, table.Forecasts[IndexOf(table, a)]);
        var lossB = loss.Series(table.Actual, table.Forecasts[IndexOf(table, b)]);
        var cumulative = new double[table.Count];
        var sum = 0.0;
        for (var t = 0; t < table.Count; t++)
        {
            sum += lossA[t] - lossB[t];
            cumulative[t] = sum;
        }

        return cumulative;
    }

    /// <summary>[M]: each model's mean loss over the rows where <paramref name="include"/> is true (NaN if there are none).</summary>
    /// <param name="table">Aligned forecasts.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="include">[T]: which rows count.</param>
    public static double[] MeanLosses(ForecastTable table, LossFunction loss, IReadOnlyList<bool> include)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(include);
        if (include.Count != table.Count) throw new ArgumentException($"{include.Count} flags for {table.Count} rows", nameof(include));
        var losses = table.Losses(loss);
        var means = new double[table.ModelNames.Length];
        var rows = include.Count(x => x);
        for (var m = 0; m < means.Length; m++)
        {
            var sum = 0.0;
            for (var t = 0; t < table.Count; t++)
            {
                if (include[t]) sum += losses[t, m];
            }

            means[m] = rows == 0 ? double.NaN : sum / rows;
        }

        return means;
    }

    /// <summary>[T]: whether each row is a stressed day - its trailing volatility, known when the forecast is made, at or above
    /// <paramref name="threshold"/>. Classifying by the trailing rather than the realized level keeps the regimes free of the
    /// outcome being forecast.</summary>
    /// <param name="trailingVolatility">[T] trailing volatility per row (e.g. from <see cref="Persistence.PerDayVariance"/>, square-rooted).</param>
    /// <param name="threshold">The level from which a day counts as stressed, in the same unit.</param>
    public static bool[] Stressed(IReadOnlyList<double> trailingVolatility, double threshold)
    {
        ArgumentNullException.ThrowIfNull(trailingVolatility);
        return [.. trailingVolatility.Select(v => v >= threshold)];
    }

    private static int IndexOf(ForecastTable table, string name)
    {
        var index = Array.IndexOf(table.ModelNames, name);
        return index >= 0 ? index : throw new ArgumentException($"no model '{name}'; the models are {string.Join(", ", table.ModelNames)}", nameof(name));
    }
}
