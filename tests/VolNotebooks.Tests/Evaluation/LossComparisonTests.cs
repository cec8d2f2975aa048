using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Evaluation;

public sealed class LossComparisonTests
{
    private static readonly DateOnly[] Days = [.. Enumerable.Range(0, 40).Select(i => new DateOnly(2022, 3, 1).AddDays(i))];

    [Fact]
    public void Alignment_keeps_only_the_dates_on_which_the_realized_value_and_every_forecast_are_finite()
    {
        var actual = new DatedSeries("realized", Days, [.. Days.Select((_, i) => i == 3 ? double.NaN : 1.0 + i)]);
        var late = new DatedSeries("late", Days[2..], [.. Days[2..].Select(_ => 2.0)]);
        var gappy = new DatedSeries("gappy", Days, [.. Days.Select((_, i) => i == 10 ? double.NaN : 3.0)]);
        var table = ForecastAlignment.Align("test", actual, [late, gappy]);
        // 40 days less days 0-1 (late starts on day 2), day 3 (no realized value) and day 10 (gappy's NaN) = 36.
        Assert.Equal(36, table.Count);
        Assert.DoesNotContain(Days[3], table.Dates);
        Assert.DoesNotContain(Days[10], table.Dates);
        Assert.Equal(["late", "gappy"], table.ModelNames);
        Assert.Equal(1.0 + 2, table.Actual[0]);
    }

    [Fact]
    public void Alignment_with_too_few_shared_dates_names_the_scarcest_model()
    {
        var actual = new DatedSeries("realized", Days, [.. Days.Select(_ => 1.0)]);
        var scarce = new DatedSeries("scarce", Days[..5], [1, 1, 1, 1, 1]);
        var error = Assert.Throws<ArgumentException>(() => ForecastAlignment.Align("test", actual, [scarce]));
        Assert.Contains("fewest: scarce", error.Message);
    }

    [Fact]
    public void Cumulative_difference_ends_at_the_sample_size_times_the_difference_of_mean_losses()
    {
        var actual = Days.Select((_, i) => 1.0 + (i % 3)).ToArray();
        var a = actual.Select(y => y + 0.5).ToArray(); // squared error 0.25 every day
        var b = actual.Select(y => y - 1.0).ToArray(); // squared error 1 every day
        var table = ForecastTable.FromSeries("t", Days, "y", actual, [("a", a), ("b", b)]);
        var cumulative = LossComparison.CumulativeDifference(table, LossFunction.Mse, "a", "b");
        Assert.Equal(-0.75, cumulative[0], 12);
        Assert.Equal(40 * -0.75, cumulative[^1], 10);
    }

    [Fact]
    public void Regime_means_average_only_the_flagged_rows()
    {
        var actual = Days.Select(_ => 1.0).ToArray();
        var forecast = Days.Select((_, i) => i < 10 ? 3.0 : 1.5).ToArray(); // squared error 4 on the first 10 days, 0.25 after
        var table = ForecastTable.FromSeries("t", Days, "y", actual, [("m", forecast), ("perfect", actual)]);
        var stressed = LossComparison.Stressed([.. Days.Select((_, i) => i < 10 ? 30.0 : 10.0)], threshold: 20);
        Assert.Equal(10, stressed.Count(x => x));
        Assert.Equal([4.0, 0], LossComparison.MeanLosses(table, LossFunction.Mse, stressed));
        Assert.Equal(0.25, LossComparison.MeanLosses(table, LossFunction.Mse, [.. stressed.Select(x => !x)])[0], 12);
        Assert.True(double.IsNaN(LossComparison.MeanLosses(table, LossFunction.Mse, new bool[40])[0]));
    }

    [Fact]
    public void Persistence_averages_the_squared_returns_before_each_window_start_only()
    {
        double[] returns = [1, -2, 3, 0, 2];
        var dates = Days[..5];
        // Window starting on day 3: returns of days 1 and 2, (4 + 9) / 2; day 1 has only one day before it.
        var forecast = Persistence.PerDayVariance(returns, dates, [dates[3], dates[1], Days[20]], lookbackDays: 2);
        Assert.Equal(6.5, forecast[0]);
        Assert.True(double.IsNaN(forecast[1]));
        Assert.True(double.IsNaN(forecast[2]));
    }

    [Fact]
    public void A_seed_ensemble_is_the_member_mean_with_the_sample_standard_deviation_as_spread()
    {
        var first = new DatedSeries("s1", Days[..3], [1, 2, 3]);
        var second = new DatedSeries("s2", Days[1..4], [4, 6, 8]);
        var (mean, spread) = DatedSeries.Ensemble("net", [first, second]);
        Assert.Equal(Days[1..3], mean.Dates); // the dates both members forecast
        Assert.Equal([3.0, 4.5], mean.Values);
        // sd of {2, 4} = sqrt(2); of {3, 6} = sqrt(4.5).
        Assert.Equal(Math.Sqrt(2), spread.Values[0], 12);
        Assert.Equal(Math.Sqrt(4.5), spread.Values[1], 12);
        Assert.Equal("net (sd)", spread.Name);
    }
}
