using VolNotebooks.Econometrics;

namespace VolNotebooks.Tests.Econometrics;

/// <summary>Mean models against direct loops and closed-form forecasts.</summary>
public class MeanModelTests
{
    private static readonly double[] Returns = [0.5, -1.2, 0.3, 2.2, -0.7, 0.1, -0.4];

    [Fact]
    public void Ar1_residuals_match_direct_loop_and_hold_back_the_first_return()
    {
        double mu = 0.05, phi = -0.1;
        var residuals = new double[Returns.Length - 1];
        new AutoRegressiveMean().Residuals([mu, phi], Returns, residuals);
        for (int t = 1; t < Returns.Length; t++)
            Assert.Equal(Returns[t] - mu - phi * Returns[t - 1], residuals[t - 1], 1e-15);
    }

    [Fact]
    public void Ar1_starting_values_are_the_least_squares_fit()
    {
        // Closed form: phi = cov(y_t, y_{t-1}) / var(y_{t-1}), mu = mean(y_t) - phi mean(y_{t-1}) over t = 1..n-1.
        double[] y = Returns[1..], x = Returns[..^1];
        double meanY = y.Average(), meanX = x.Average();
        double phi = y.Zip(x).Sum(p => (p.Second - meanX) * (p.First - meanY)) / x.Sum(v => (v - meanX) * (v - meanX));
        double[] start = new AutoRegressiveMean().StartingValues(Returns);
        Assert.Equal(phi, start[1], 1e-12);
        Assert.Equal(meanY - phi * meanX, start[0], 1e-12);
    }

    [Fact]
    public void Ar1_mean_forecast_matches_the_closed_form()
    {
        // E_T[y_{T+h}] = mu (1 - phi^h) / (1 - phi) + phi^h y_T.
        double mu = 0.05, phi = 0.3, last = 1.5;
        var forecast = new double[10];
        new AutoRegressiveMean().ForecastMean([mu, phi], last, forecast);
        for (int h = 1; h <= 10; h++)
            Assert.Equal(mu * (1 - Math.Pow(phi, h)) / (1 - phi) + Math.Pow(phi, h) * last, forecast[h - 1], 1e-14);
    }

    [Fact]
    public void Constant_and_zero_means_subtract_mu_or_nothing()
    {
        var residuals = new double[Returns.Length];
        new ConstantMean().Residuals([0.2], Returns, residuals);
        Assert.Equal(Returns.Select(y => y - 0.2), residuals);
        new ZeroMean().Residuals([], Returns, residuals);
        Assert.Equal(Returns, residuals);
        Assert.Equal(Returns.Average(), new ConstantMean().StartingValues(Returns)[0], 1e-15);
    }
}
