using VolNotebooks.Econometrics;

namespace VolNotebooks.Tests.Econometrics;

/// <summary>HAR-RV against closed-form OLS and a pairwise Newey-West sum.</summary>
public class HarModelTests
{
    private static double[] RealizedVariance(int count)
    {
        // Positive, persistent series: the true conditional variance of a simulated GARCH times a chi-square(1) draw.
        var model = new ArchModel(new ZeroMean(), new Garch(), new NormalDistribution());
        var simulation = model.Simulate([0.05, 0.1, 0.85], count, 9);
        return [.. simulation.Residuals.Select((e, t) => 0.5 * simulation.ConditionalVariance[t] + e * e)];
    }

    /// <summary>Closed-form OLS: solve (X'X) b = X'y by Gauss-Jordan elimination with partial pivoting.</summary>
    private static double[] NormalEquations(double[][] x, double[] y)
    {
        int k = x[0].Length;
        var a = new double[k, k + 1];
        for (int t = 0; t < x.Length; t++)
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < k; j++) a[i, j] += x[t][i] * x[t][j];
                a[i, k] += x[t][i] * y[t];
            }
        for (int c = 0; c < k; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < k; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[pivot, c])) pivot = r;
            for (int j = 0; j <= k; j++) (a[c, j], a[pivot, j]) = (a[pivot, j], a[c, j]);
            for (int r = 0; r < k; r++)
            {
                if (r == c) continue;
                double factor = a[r, c] / a[c, c];
                for (int j = 0; j <= k; j++) a[r, j] -= factor * a[c, j];
            }
        }
        return [.. Enumerable.Range(0, k).Select(i => a[i, k] / a[i, i])];
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 5)]
    [InlineData(true, 22)]
    public void Coefficients_equal_the_closed_form_ols_solution(bool logarithmic, int horizon)
    {
        double[] rv = RealizedVariance(1500);
        var fit = HarModel.Fit(rv, new HarOptions { Logarithmic = logarithmic, Horizon = horizon });

        // Design written out directly from the definitions.
        var rows = new List<double[]>();
        var targets = new List<double>();
        for (int t = 21; t + horizon < rv.Length; t++)
        {
            double weekly = rv.Skip(t - 4).Take(5).Average();
            double monthly = rv.Skip(t - 21).Take(22).Average();
            double future = rv.Skip(t + 1).Take(horizon).Average();
            rows.Add(logarithmic ? [1, Math.Log(rv[t]), Math.Log(weekly), Math.Log(monthly)] : [1, rv[t], weekly, monthly]);
            targets.Add(logarithmic ? Math.Log(future) : future);
        }
        double[] expected = NormalEquations([.. rows], [.. targets]);
        Assert.Equal(rows.Count, fit.Observations);
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], fit.Coefficients[i], 1e-10);
    }

    [Fact]
    public void Newey_west_errors_equal_the_pairwise_bartlett_sum()
    {
        // S = sum_t sum_s w(|t-s|) u_t u_s x_t x_s' with w(l) = 1 - l / (L + 1) for l <= L; covariance (X'X)^-1 S (X'X)^-1.
        double[] rv = RealizedVariance(600);
        const int lags = 4;
        var fit = HarModel.Fit(rv, new HarOptions { NeweyWestLags = lags });
        var (x, _) = HarModel.DesignMatrix(rv, 1, false);
        double[] u = fit.Residuals;
        int n = x.Length;
        var meat = new double[4, 4];
        for (int t = 0; t < n; t++)
            for (int s = Math.Max(0, t - lags); s <= Math.Min(n - 1, t + lags); s++)
            {
                double w = 1.0 - Math.Abs(t - s) / (lags + 1.0);
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < 4; j++)
                        meat[i, j] += w * u[t] * u[s] * x[t][i] * x[s][j];
            }
        var xtx = new double[4, 4];
        for (int t = 0; t < n; t++)
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                    xtx[i, j] += x[t][i] * x[t][j];
        var bread = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(xtx).Inverse();
        var covariance = bread * MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(meat) * bread;
        for (int i = 0; i < 4; i++)
            Assert.Equal(Math.Sqrt(covariance[i, i]), fit.NeweyWestStandardErrors[i], 1e-9 * Math.Sqrt(covariance[i, i]));
    }

    [Fact]
    public void Predict_applies_the_coefficients_to_the_last_22_days()
    {
        double[] rv = RealizedVariance(400);
        var fit = HarModel.Fit(rv);
        double expected = fit.Coefficients[0] + fit.Coefficients[1] * rv[^1]
            + fit.Coefficients[2] * rv[^5..].Average() + fit.Coefficients[3] * rv[^22..].Average();
        Assert.Equal(expected, fit.Predict(rv), 1e-12);
        Assert.Equal(fit.Fitted[^1], fit.Predict(rv.AsSpan(0, rv.Length - 1)), 1e-10);
    }

    [Fact]
    public void Persistent_series_gives_positive_significant_har_coefficients()
    {
        double[] rv = RealizedVariance(3000);
        var fit = HarModel.Fit(rv);
        Assert.True(fit.Coefficients[1] + fit.Coefficients[2] + fit.Coefficients[3] is > 0.5 and < 1.0);
        Assert.True(fit.RSquared is > 0 and < 1);
        Assert.All(fit.NeweyWestStandardErrors, se => Assert.True(se > 0));
    }

    [Fact]
    public void Log_har_rejects_non_positive_variances()
    {
        double[] rv = RealizedVariance(200);
        rv[50] = 0;
        Assert.Throws<ArgumentException>(() => HarModel.Fit(rv, new HarOptions { Logarithmic = true }));
    }
}

/// <summary>HAR out-of-sample forecasts: alignment and agreement with a direct refit.</summary>
public class HarOutOfSampleTests
{
    [Fact]
    public void Forecasts_equal_a_direct_fit_on_the_data_before_each_refit_day()
    {
        // Direct computation: HarModel.Fit on the 500 values before the refit day, then Predict from the history up to t-1.
        var model = new ArchModel(new ZeroMean(), new Garch(), new NormalDistribution());
        var simulation = model.Simulate([0.05, 0.1, 0.85], 800, 4);
        double[] rv = [.. simulation.Residuals.Select((e, t) => 0.5 * simulation.ConditionalVariance[t] + e * e)];
        var dates = new DateOnly[rv.Length];
        for (int t = 0; t < dates.Length; t++) dates[t] = new DateOnly(2010, 1, 1).AddDays(t);
        var options = new OutOfSampleOptions { TestStart = dates[600], WindowLength = 500, RefitEvery = 10, Horizons = [1, 5] };
        var study = HarOutOfSample.Run(rv, dates, options);
        Assert.Equal(dates[600..], study.Dates);
        Assert.Equal(20, study.Refits);

        int day = 615;                                   // second day of the refit made on day 610
        var direct = HarModel.Fit(rv[110..610], new HarOptions { Horizon = 5 });
        double expected = direct.Predict(rv.AsSpan(0, day));
        Assert.Equal(expected, study.AverageVariance[1][day - 600], 1e-12);
        Assert.Equal(Math.Sqrt(5 * expected), study.CumulativeVolatilityFor(5)[day - 600], 1e-12);
    }

    [Fact]
    public void Log_har_forecasts_are_positive()
    {
        var model = new ArchModel(new ZeroMean(), new Garch(), new NormalDistribution());
        var simulation = model.Simulate([0.05, 0.1, 0.85], 700, 5);
        double[] rv = [.. simulation.Residuals.Select((e, t) => 0.5 * simulation.ConditionalVariance[t] + e * e)];
        var dates = new DateOnly[rv.Length];
        for (int t = 0; t < dates.Length; t++) dates[t] = new DateOnly(2010, 1, 1).AddDays(t);
        var study = HarOutOfSample.Run(rv, dates, new OutOfSampleOptions { TestStart = dates[600], Window = EstimationWindow.Expanding, Horizons = [22] }, logarithmic: true);
        Assert.All(study.CumulativeVolatilityFor(22), v => Assert.True(v > 0 && double.IsFinite(v)));
    }
}
