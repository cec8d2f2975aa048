namespace VolNotebooks.Evaluation;

/// <summary>Forecast accuracy measures shared by the econometric baselines and the networks.</summary>
/// <remarks>Every measure skips pairs in which either value is not finite (a forecast before the first refit, a
/// target past the end of the data), so series aligned by date can be passed as they are.</remarks>
public static class ForecastMetrics
{
    /// <summary>Mean squared error, <c>mean((y - f)^2)</c>.</summary>
    /// <param name="actual">Realized values y.</param>
    /// <param name="forecast">Forecasts f, aligned with <paramref name="actual"/>.</param>
    public static double Mse(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast) => Mean(actual, forecast, LossFunction.Mse.Point);

    /// <summary>Root mean squared error.</summary>
    /// <param name="actual">Realized values.</param>
    /// <param name="forecast">Forecasts.</param>
    public static double Rmse(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast) => Math.Sqrt(Mse(actual, forecast));

    /// <summary>Mean absolute error.</summary>
    /// <param name="actual">Realized values.</param>
    /// <param name="forecast">Forecasts.</param>
    public static double Mae(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast) => Mean(actual, forecast, LossFunction.Mae.Point);

    /// <summary>Coefficient of determination <c>1 - SSE/SST</c> (SST around the mean of the realized values).</summary>
    /// <param name="actual">Realized values.</param>
    /// <param name="forecast">Forecasts.</param>
    public static double RSquared(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        var mean = Mean(actual, forecast, (y, _) => y);
        var sse = Mean(actual, forecast, (y, f) => (y - f) * (y - f));
        var sst = Mean(actual, forecast, (y, _) => (y - mean) * (y - mean));
        return 1 - (sse / sst);
    }

    /// <summary>QLIKE for variances, <c>mean(y/f - ln(y/f) - 1)</c>: zero for a perfect forecast, and robust to noise in
    /// the variance proxy (Patton 2011).</summary>
    /// <param name="actualVariance">Realized variances y, positive.</param>
    /// <param name="forecastVariance">Forecast variances f, positive.</param>
    /// <exception cref="ArgumentException">A forecast or realized variance is not positive (the index is named).</exception>
    public static double Qlike(ReadOnlySpan<double> actualVariance, ReadOnlySpan<double> forecastVariance)
    {
        RequirePositive(forecastVariance, "forecast");
        RequirePositive(actualVariance, "realized");
        return Mean(actualVariance, forecastVariance, LossFunction.Qlike.Point);
    }

    /// <summary>QLIKE in Patton's log form, <c>mean(ln f + y/f)</c>: defined when a realized variance is zero (a daily
    /// squared return can be) and equal to <see cref="Qlike"/> plus <c>mean(ln y + 1)</c>, which does not depend on
    /// the model - so it ranks forecasts exactly as <see cref="Qlike"/> does.</summary>
    /// <param name="actualVariance">Realized variances y, non-negative.</param>
    /// <param name="forecastVariance">Forecast variances f, positive.</param>
    public static double QlikeLog(ReadOnlySpan<double> actualVariance, ReadOnlySpan<double> forecastVariance)
    {
        RequirePositive(forecastVariance, "forecast");
        return Mean(actualVariance, forecastVariance, LossFunction.QlikeLog.Point);
    }

    /// <summary>Share of pairs whose signs agree (zero counts as its own sign), as the ablation study's directional accuracy.</summary>
    /// <param name="actual">Realized values.</param>
    /// <param name="forecast">Forecasts.</param>
    public static double DirectionalAccuracy(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast) =>
        Mean(actual, forecast, (y, f) => Math.Sign(y) == Math.Sign(f) ? 1 : 0);

    /// <summary>Number of pairs in which both values are finite.</summary>
    /// <param name="actual">Realized values.</param>
    /// <param name="forecast">Forecasts.</param>
    public static int PairCount(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        RequireSameLength(actual, forecast);
        var n = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (double.IsFinite(actual[i]) && double.IsFinite(forecast[i])) n++;
        }

        return n;
    }

    private static double Mean(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast, Func<double, double, double> loss)
    {
        RequireSameLength(actual, forecast);
        double sum = 0;
        var n = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (!double.IsFinite(actual[i]) || !double.IsFinite(forecast[i])) continue;
            sum += loss(actual[i], forecast[i]);
            n++;
        }

        return n == 0 ? throw new ArgumentException("no pair of finite values to evaluate") : sum / n;
    }

    private static void RequireSameLength(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        if (actual.Length != forecast.Length)
            throw new ArgumentException($"actual has {actual.Length} values but forecast has {forecast.Length}; align them by date first");
    }

    private static void RequirePositive(ReadOnlySpan<double> values, string what)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]) && values[i] <= 0)
                throw new ArgumentException($"QLIKE needs positive variances, but the {what} variance at index {i} is {values[i]}");
        }
    }
}

/// <summary>Realized targets aligned with forecast dates, for scoring volatility forecasts.</summary>
public static class RealizedTargets
{
    /// <summary>For each forecast date t, the realized variance over t..t+h-1: the sum of the squared returns of those
    /// <paramref name="horizon"/> trading days (NaN when the window runs past the data or t is not a trading day).</summary>
    /// <param name="returns">Returns (e.g. percent log returns) dated by <paramref name="dates"/>.</param>
    /// <param name="dates">Trading days, ascending.</param>
    /// <param name="forecastDates">The first day of each forecast window.</param>
    /// <param name="horizon">Days in the window.</param>
    public static double[] CumulativeVariance(ReadOnlySpan<double> returns, ReadOnlySpan<DateOnly> dates, ReadOnlySpan<DateOnly> forecastDates, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (returns.Length != dates.Length) throw new ArgumentException("returns and dates differ in length", nameof(dates));
        var result = new double[forecastDates.Length];
        for (var i = 0; i < forecastDates.Length; i++)
        {
            var t = dates.BinarySearch(forecastDates[i]);
            if (t < 0 || t + horizon > returns.Length)
            {
                result[i] = double.NaN;
                continue;
            }

            var sum = 0.0;
            for (var j = t; j < t + horizon; j++) sum += returns[j] * returns[j];
            result[i] = sum;
        }

        return result;
    }
}
