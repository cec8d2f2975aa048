using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace VolNotebooks.Econometrics;

/// <summary>Settings of <see cref="HarModel.Fit"/>.</summary>
public sealed record HarOptions
{
    /// <summary>Fit the log-HAR: logs of the target and of the daily, weekly and monthly averages.</summary>
    public bool Logarithmic { get; init; }

    /// <summary>Forecast horizon h: the target is the average realized variance over the next h days (1 = next day).</summary>
    public int Horizon { get; init; } = 1;

    /// <summary>Bartlett-kernel lags of the Newey-West covariance; null picks <c>max(h, floor(4 (n/100)^(2/9)))</c>.</summary>
    public int? NeweyWestLags { get; init; }
}

/// <summary>Corsi's (2009) heterogeneous autoregressive model of realized variance, estimated by OLS with Newey-West errors.</summary>
/// <remarks>
/// <c>RV_{t+1..t+h} = beta0 + beta_d RV_t + beta_w RV^(w)_t + beta_m RV^(m)_t + u_t</c>, where <c>RV^(w)_t</c> and <c>RV^(m)_t</c> are
/// the averages of <c>RV_{t-4..t}</c> and <c>RV_{t-21..t}</c> and the target is the average of <c>RV_{t+1..t+h}</c>. The log-HAR takes
/// natural logs of the target and of the three averages. Row t needs 22 past values and h future ones, so a series of
/// n values gives <c>n - 21 - h</c> observations. Coefficients by QR least squares; Newey-West (1987) covariance
/// <c>(X'X)^-1 S (X'X)^-1</c>, <c>S = sum_t u_t^2 x_t x_t' + sum_{l=1..L} (1 - l/(L+1)) sum_t u_t u_{t-l} (x_t x_{t-l}' + x_{t-l} x_t')</c>,
/// without a degrees-of-freedom correction.
/// </remarks>
public static class HarModel
{
    /// <summary>Days in the weekly average.</summary>
    public const int WeeklyDays = 5;

    /// <summary>Days in the monthly average.</summary>
    public const int MonthlyDays = 22;

    /// <summary>Coefficient names in order.</summary>
    public static IReadOnlyList<string> ParameterNames { get; } = ["beta0", "beta_d", "beta_w", "beta_m"];

    /// <summary>Regressor row <c>[1, RV_t, RV^(w)_t, RV^(m)_t]</c> (logs for the log-HAR) for the last day of <paramref name="history"/> (at least 22 values).</summary>
    public static double[] Regressors(ReadOnlySpan<double> history, bool logarithmic)
    {
        if (history.Length < MonthlyDays) throw new ArgumentException($"HAR regressors need {MonthlyDays} past values.", nameof(history));
        double daily = history[^1];
        double weekly = Average(history[^WeeklyDays..]);
        double monthly = Average(history[^MonthlyDays..]);
        return logarithmic ? [1.0, Math.Log(daily), Math.Log(weekly), Math.Log(monthly)] : [1.0, daily, weekly, monthly];
    }

    /// <summary>Builds the regression: design rows and targets for every day with 22 past and h future values.</summary>
    public static (double[][] Design, double[] Target) DesignMatrix(ReadOnlySpan<double> realizedVariance, int horizon, bool logarithmic)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        int rows = realizedVariance.Length - (MonthlyDays - 1) - horizon;
        if (rows <= ParameterNames.Count) throw new ArgumentException($"HAR needs more than {MonthlyDays + horizon + ParameterNames.Count - 1} values; got {realizedVariance.Length}.", nameof(realizedVariance));
        if (logarithmic)
            foreach (double value in realizedVariance)
                if (!(value > 0)) throw new ArgumentException("The log-HAR needs strictly positive realized variances.", nameof(realizedVariance));
        var design = new double[rows][];
        var target = new double[rows];
        for (int row = 0; row < rows; row++)
        {
            int t = row + MonthlyDays - 1;
            design[row] = Regressors(realizedVariance[..(t + 1)], logarithmic);
            double future = Average(realizedVariance.Slice(t + 1, horizon));
            target[row] = logarithmic ? Math.Log(future) : future;
        }
        return (design, target);
    }

    /// <summary>Fits HAR-RV (or log-HAR) to a daily realized-variance series (oldest first).</summary>
    public static HarFit Fit(ReadOnlySpan<double> realizedVariance, HarOptions? options = null)
    {
        options ??= new HarOptions();
        var (rows, target) = DesignMatrix(realizedVariance, options.Horizon, options.Logarithmic);
        int n = rows.Length, k = ParameterNames.Count;
        int lags = options.NeweyWestLags ?? Math.Max(options.Horizon, (int)Math.Floor(4 * Math.Pow(n / 100.0, 2.0 / 9.0)));
        ArgumentOutOfRangeException.ThrowIfNegative(lags);

        var x = Matrix<double>.Build.DenseOfRowArrays(rows);
        var y = Vector<double>.Build.Dense(target);
        Vector<double> beta = x.QR().Solve(y);
        Vector<double> fitted = x * beta;
        Vector<double> residuals = y - fitted;
        Matrix<double> bread = x.TransposeThisAndMultiply(x).Inverse();

        double ssr = residuals.DotProduct(residuals);
        Matrix<double> olsCovariance = bread * (ssr / (n - k));

        var meat = Matrix<double>.Build.Dense(k, k);
        for (int t = 0; t < n; t++)
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    meat[i, j] += residuals[t] * residuals[t] * rows[t][i] * rows[t][j];
        for (int lag = 1; lag <= lags; lag++)
        {
            double weight = 1.0 - lag / (lags + 1.0);
            for (int t = lag; t < n; t++)
            {
                double product = weight * residuals[t] * residuals[t - lag];
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < k; j++)
                        meat[i, j] += product * (rows[t][i] * rows[t - lag][j] + rows[t - lag][i] * rows[t][j]);
            }
        }
        Matrix<double> neweyWest = bread * meat * bread;

        double meanTarget = target.Average();
        double tss = target.Sum(value => (value - meanTarget) * (value - meanTarget));
        return new HarFit(
            beta.ToArray(),
            [.. Enumerable.Range(0, k).Select(i => Math.Sqrt(olsCovariance[i, i]))],
            [.. Enumerable.Range(0, k).Select(i => Math.Sqrt(neweyWest[i, i]))],
            1 - ssr / tss, n, lags, options.Logarithmic, options.Horizon, residuals.ToArray(), fitted.ToArray());
    }

    private static double Average(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double value in values) sum += value;
        return sum / values.Length;
    }
}

/// <summary>An estimated HAR-RV or log-HAR regression.</summary>
/// <param name="Coefficients">OLS estimates of <c>beta0, beta_d, beta_w, beta_m</c>.</param>
/// <param name="OlsStandardErrors">Homoskedastic OLS standard errors (<c>s^2 (X'X)^-1</c>, s^2 = SSR / (n - 4)).</param>
/// <param name="NeweyWestStandardErrors">Newey-West HAC standard errors.</param>
/// <param name="RSquared">Coefficient of determination on the fitted scale (logs for the log-HAR).</param>
/// <param name="Observations">Rows in the regression.</param>
/// <param name="NeweyWestLags">Bartlett-kernel lags used.</param>
/// <param name="Logarithmic">Whether this is the log-HAR.</param>
/// <param name="Horizon">Days averaged in the target.</param>
/// <param name="Residuals">Regression residuals, one per row.</param>
/// <param name="Fitted">Fitted values, one per row.</param>
public sealed record HarFit(
    double[] Coefficients, double[] OlsStandardErrors, double[] NeweyWestStandardErrors, double RSquared, int Observations,
    int NeweyWestLags, bool Logarithmic, int Horizon, double[] Residuals, double[] Fitted)
{
    /// <summary>Coefficient names in order.</summary>
    public IReadOnlyList<string> ParameterNames => HarModel.ParameterNames;

    /// <summary>Coefficients divided by their Newey-West standard errors.</summary>
    public double[] TStatistics => [.. Coefficients.Select((b, i) => b / NeweyWestStandardErrors[i])];

    /// <summary>Two-sided normal p-values of the Newey-West t-statistics.</summary>
    public double[] PValues => [.. TStatistics.Select(t => SpecialFunctions.Erfc(Math.Abs(t) / Math.Sqrt(2)))];

    /// <summary>Forecast of the average realized variance over the h days after the end of <paramref name="history"/>, on the fitted scale (log for the log-HAR).</summary>
    public double Predict(ReadOnlySpan<double> history)
    {
        double[] x = HarModel.Regressors(history, Logarithmic);
        double prediction = 0;
        for (int i = 0; i < x.Length; i++) prediction += Coefficients[i] * x[i];
        return prediction;
    }
}

/// <summary>Date-aligned out-of-sample HAR forecasts: entry i uses realized variances up to the trading day before <c>Dates[i]</c>.</summary>
/// <param name="Dates">First day t of each forecast window t..t+h-1.</param>
/// <param name="Horizons">Forecast horizons in trading days.</param>
/// <param name="AverageVariance">[horizon index][i]: forecast of the average daily realized variance over t..t+h-1 (variance scale).</param>
/// <param name="CumulativeVolatility">[horizon index][i]: <c>sqrt(h * AverageVariance)</c>, comparable with <see cref="OutOfSampleForecast.CumulativeVolatility"/>.</param>
/// <param name="Refits">Number of re-estimations (per horizon).</param>
public sealed record HarOutOfSampleForecast(DateOnly[] Dates, int[] Horizons, double[][] AverageVariance, double[][] CumulativeVolatility, int Refits)
{
    /// <summary>The cumulative volatility series for one of <see cref="Horizons"/>.</summary>
    public double[] CumulativeVolatilityFor(int horizon)
    {
        int index = Array.IndexOf(Horizons, horizon);
        if (index < 0) throw new ArgumentException($"Horizon {horizon} was not forecast; horizons are {string.Join(", ", Horizons)}.", nameof(horizon));
        return CumulativeVolatility[index];
    }
}

/// <summary>Rolling or expanding HAR re-estimation with date-aligned forecasts, on the same schedule as <see cref="OutOfSampleStudy"/>.</summary>
/// <remarks>
/// Each refit on day d uses only realized variances before d, so its last regression row is the one whose h-day target
/// ends on d-1. One regression per horizon (the target is the h-day average). Log-HAR forecasts are mapped back to the
/// variance scale with the log-normal correction <c>exp(prediction + s^2 / 2)</c>, s^2 the regression's residual variance.
/// </remarks>
public static class HarOutOfSample
{
    /// <summary>Runs the study on a daily realized-variance series (percent squared) dated by <paramref name="dates"/>.</summary>
    /// <param name="realizedVariance">Daily realized variance, oldest first.</param>
    /// <param name="dates">Trading dates, ascending, same length.</param>
    /// <param name="options">Test period, window, refit frequency and horizons (simulation settings are ignored).</param>
    /// <param name="logarithmic">Fit the log-HAR instead of HAR-RV.</param>
    public static HarOutOfSampleForecast Run(ReadOnlySpan<double> realizedVariance, ReadOnlySpan<DateOnly> dates, OutOfSampleOptions options, bool logarithmic = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (realizedVariance.Length != dates.Length) throw new ArgumentException("realizedVariance and dates must have the same length.", nameof(dates));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.RefitEvery);
        int first = 0;
        while (first < dates.Length && dates[first] < options.TestStart) first++;
        int last = dates.Length - 1;
        if (options.TestEnd is { } end) while (last >= 0 && dates[last] > end) last--;
        if (first > last) throw new ArgumentException("No trading day in the test period.", nameof(options));
        if (options.Window == EstimationWindow.Rolling && first < options.WindowLength)
            throw new ArgumentException($"A rolling window of {options.WindowLength} values needs that many before {dates[first]}; there are {first}.", nameof(options));

        int days = last - first + 1;
        int[] horizons = [.. options.Horizons];
        var average = horizons.Select(_ => new double[days]).ToArray();
        var cumulative = horizons.Select(_ => new double[days]).ToArray();
        int refits = 0;
        for (int blockStart = first; blockStart <= last; blockStart += options.RefitEvery)
        {
            refits++;
            int blockEnd = Math.Min(blockStart + options.RefitEvery, last + 1);
            int trainStart = options.Window == EstimationWindow.Rolling ? blockStart - options.WindowLength : 0;
            for (int j = 0; j < horizons.Length; j++)
            {
                HarFit fit = HarModel.Fit(realizedVariance[trainStart..blockStart], new HarOptions { Logarithmic = logarithmic, Horizon = horizons[j] });
                double residualVariance = fit.Residuals.Sum(u => u * u) / (fit.Observations - HarModel.ParameterNames.Count);
                for (int day = blockStart; day < blockEnd; day++)
                {
                    double prediction = fit.Predict(realizedVariance[..day]);
                    double variance = logarithmic ? Math.Exp(prediction + residualVariance / 2) : prediction;
                    average[j][day - first] = variance;
                    cumulative[j][day - first] = Math.Sqrt(Math.Max(variance, 0.0) * horizons[j]);
                }
            }
        }
        return new HarOutOfSampleForecast(dates[first..(last + 1)].ToArray(), horizons, average, cumulative, refits);
    }
}
