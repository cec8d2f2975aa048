using VolNotebooks.Evaluation;
using VolNotebooks.Reports;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Reports;

public sealed class ComparisonReportTests
{
    private static readonly DateOnly[] Days = [.. Enumerable.Range(0, 60).Select(i => new DateOnly(2023, 1, 2).AddDays(i))];

    private static ForecastEvaluation Evaluation()
    {
        var actual = Days.Select((_, t) => 1 + (0.5 * Math.Sin(t))).ToArray();
        var table = ForecastTable.FromSeries("t", Days, "realized", actual,
        [
            ("exact-ish", [.. actual.Select((y, t) => y + (0.01 * Math.Cos(3 * t)))]),
            ("flat", [.. actual.Select(_ => 1.0)]),
            ("biased", [.. actual.Select(y => y + 0.8)]),
        ]);
        return ForecastEvaluation.Run(table, LossFunction.Mse, level: 0.1, seed: 3);
    }

    [Fact]
    public void Dm_matrix_is_antisymmetric_and_matches_the_evaluations_pairwise_statistics()
    {
        var evaluation = Evaluation();
        var matrix = ComparisonReport.DieboldMarianoMatrix(evaluation);
        Assert.Equal(evaluation.Pairs[0].Test.Statistic, matrix[0, 1], 12); // pair 0 is (exact-ish, flat)
        for (var a = 0; a < 3; a++)
        {
            Assert.Equal(0, matrix[a, a]);
            for (var b = 0; b < 3; b++) Assert.Equal(-matrix[b, a], matrix[a, b], 12);
        }

        Assert.True(matrix[0, 2] < -2, "the near-exact forecast beats the biased one");
    }

    [Fact]
    public void Loss_table_marks_the_models_in_the_confidence_set()
    {
        var evaluation = Evaluation();
        var table = ComparisonReport.LossTable(("MSE 1d", evaluation));
        Assert.Equal(["model", "MSE 1d", "MCS MSE 1d"], table.Columns);
        Assert.Equal("*", table.Rows[0][2]);   // the near-exact forecast survives
        Assert.Equal("", table.Rows[2][2]);    // a bias of 0.8 on every day is eliminated
        Assert.Equal(evaluation.MeanLosses[1], (double)table.Rows[1][1]!);
    }

    [Fact]
    public void Confidence_set_table_lists_the_survivor_first_and_the_first_eliminated_last()
    {
        var evaluation = Evaluation();
        var table = ComparisonReport.ConfidenceSetTable(evaluation);
        Assert.Equal("exact-ish", table.Rows[0][0]);
        Assert.Equal("never", table.Rows[0][4]);
        Assert.Equal("1", table.Rows[^1][4]);
    }

    [Fact]
    public void Network_forecasts_are_squared_and_keyed_by_the_next_trading_day()
    {
        DateOnly[] calendar = [new(2024, 1, 4), new(2024, 1, 5), new(2024, 1, 8), new(2024, 1, 9)];
        var walk = new WalkForwardForecast([calendar[0], calendar[1], calendar[2]], [2, 0, -3], [1, 1, 1], 1, [1]);
        var series = ComparisonSeries.From("net", walk, calendar, out var floored);
        Assert.Equal(calendar[1..], series.Dates); // Friday's forecast is for Monday's window
        Assert.Equal([4, 1e-6, 9], series.Values);
        Assert.Equal(1, floored);
        Assert.Throws<ArgumentException>(() => ComparisonSeries.From("net", walk with { ForecastDates = [calendar[3], calendar[3], calendar[3]] }, calendar, out _));
    }

    [Fact]
    public void Arch_forecasts_become_per_day_variances_and_realized_values_sum_the_windows_squared_returns()
    {
        var forecast = new VolatilityForecast("g", Days[..2], [1, 5], [[1, 2], [5, 10]]);
        // cumulative 5-day volatility 10 -> variance 100 over 5 days = 20 per day.
        Assert.Equal([5.0, 20], ComparisonSeries.From(forecast, 5).Values);
        double[] returns = [1, 2, 3, 4];
        var realized = ComparisonSeries.Realized(returns, Days[..4], [Days[1], Days[3]], 2);
        Assert.Equal((4 + 9) / 2.0, realized.Values[0]);
        Assert.True(double.IsNaN(realized.Values[1]));
    }
}
