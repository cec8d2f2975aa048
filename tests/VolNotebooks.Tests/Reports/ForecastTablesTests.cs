using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Reports;

public sealed class ForecastTablesTests
{
    private static readonly DateOnly[] Days = [.. Enumerable.Range(0, 6).Select(i => new DateOnly(2021, 1, 4).AddDays(i))];

    [Fact]
    public void Forecasts_are_looked_up_by_window_start_and_rescaled_to_a_per_day_volatility()
    {
        var f = new VolatilityForecast("m", Days[..3], [1, 4], [[1, 2, 3], [2, 4, 6]]);
        Assert.Equal([2.0, double.NaN, 6], f.At([Days[0], Days[5], Days[2]], 4));
        // Cumulative 4-day volatility 2 is a per-day volatility of sqrt(2^2 / 4) = 1.
        Assert.Equal([1.0, 3], f.PerDayAt([Days[0], Days[2]], 4));
        Assert.Contains("has 1, 4", Assert.Throws<ArgumentException>(() => f.For(5)).Message);
    }

    [Fact]
    public void Losses_score_every_model_on_the_same_complete_days()
    {
        double[] returns = [1, -1, 2, 0, 1, -2];
        var perfect = new VolatilityForecast("perfect", Days, [1], [[1, 1, 2, 0.001, 1, 2]]);
        var flat = new VolatilityForecast("flat", Days[1..], [1], [[1, 1, 1, 1, 1]]);
        var table = VolNotebooks.Reports.ForecastTables.LossTable(returns, Days, [perfect, flat], 1);
        Assert.Equal(5, table.Rows[0][^1]); // the days both forecast
        Assert.True((double)table.Rows[0][1]! < (double)table.Rows[1][1]!); // MSE: perfect beats flat
        // MSE of the flat model on days 1..5, squared forecasts 1 against squared returns 1, 4, 0, 1, 4 (direct computation).
        Assert.Equal(new[] { 0.0, 9, 1, 0, 9 }.Average(), (double)table.Rows[1][1]!, 12);
    }
}
