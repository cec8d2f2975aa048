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

    [Fact]
    public void Prior_losses_are_read_from_a_saved_table_and_set_beside_this_comparisons_by_model_name()
    {
        var evaluation = Evaluation();
        var path = Path.Combine(Path.GetTempPath(), $"prior-{Guid.NewGuid():N}.csv");
        var saved = new VolNotebooks.Charts.Table("model", "QLIKE 1d", "days scored").AddRow("flat", 0.25, 10).AddRow("not here, at all", 9.0, 10);
        saved.WriteCsv(path);
        try
        {
            var table = ComparisonReport.PriorLosses(path, "QLIKE 1d", evaluation, "notebook 02");
            Assert.Single(table.Rows); // "flat" is in both; the quoted name with a comma is not in this comparison
            Assert.Equal(0.25, table.Rows[0][1]);
            Assert.Equal(evaluation.MeanLosses[1], table.Rows[0][2]);
            Assert.Contains("has no column 'MSE 9d'", Assert.Throws<ArgumentException>(() => ComparisonReport.PriorLosses(path, "MSE 9d", evaluation, "02")).Message);
            // Before the earlier notebook ran: an empty table that says what to run, not an error.
            var missing = ComparisonReport.PriorLosses(path + ".missing", "QLIKE 1d", evaluation, "notebook 02");
            Assert.Empty(missing.Rows);
            Assert.Contains("not there yet: run notebook 02 first", missing.Caption);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_table_written_as_csv_reads_back_the_same_bit_for_bit()
    {
        var table = Evaluation().Table;
        var back = ForecastTable.Parse(table.ToCsv(), "round trip", "realized");
        Assert.Equal(table.Dates, back.Dates);
        Assert.Equal(table.Actual, back.Actual);
        Assert.Equal(table.ModelNames, back.ModelNames);
        for (var m = 0; m < table.ModelNames.Length; m++) Assert.Equal(table.Forecasts[m], back.Forecasts[m]);
    }
}
