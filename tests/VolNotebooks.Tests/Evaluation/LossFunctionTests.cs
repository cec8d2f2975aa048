using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Evaluation;

public sealed class LossFunctionTests
{
    private static readonly double[] Actual = [1.0, 4.0, 0.5, 2.0];
    private static readonly double[] Forecast = [2.0, 3.0, 0.5, 1.0];

    [Fact]
    public void Series_follow_the_textbook_definitions()
    {
        Assert.Equal([1.0, 1.0, 0.0, 1.0], LossFunction.Mse.Series(Actual, Forecast));
        Assert.Equal([1.0, 1.0, 0.0, 1.0], LossFunction.Mae.Series(Actual, Forecast));
        // Patton's QLIKE y/f - ln(y/f) - 1 at y/f = 1/2: 1/2 + ln 2 - 1.
        Assert.Equal(0.5 + Math.Log(2) - 1, LossFunction.Qlike.Series(Actual, Forecast)[0], 15);
        Assert.Equal(0.0, LossFunction.Qlike.Series(Actual, Forecast)[2], 15);
        Assert.Equal(Math.Log(2) + 0.5, LossFunction.QlikeLog.Series(Actual, Forecast)[0], 15);
    }

    [Fact]
    public void Metric_averages_are_the_means_of_the_loss_series()
    {
        Assert.Equal(LossFunction.Mse.Series(Actual, Forecast).Average(), ForecastMetrics.Mse(Actual, Forecast), 15);
        Assert.Equal(LossFunction.Qlike.Series(Actual, Forecast).Average(), ForecastMetrics.Qlike(Actual, Forecast), 15);
        Assert.Equal(LossFunction.QlikeLog.Series(Actual, Forecast).Average(), ForecastMetrics.QlikeLog(Actual, Forecast), 15);
    }

    [Fact]
    public void Both_qlike_forms_give_the_same_loss_differentials_because_they_differ_by_ln_y_plus_one()
    {
        double[] other = [1.5, 5.0, 0.4, 2.5];
        var normalized = DieboldMariano.Test(LossFunction.Qlike.Series(Actual, Forecast), LossFunction.Qlike.Series(Actual, other));
        var log = DieboldMariano.Test(LossFunction.QlikeLog.Series(Actual, Forecast), LossFunction.QlikeLog.Series(Actual, other));
        Assert.Equal(normalized.Statistic, log.Statistic, 12);
    }

    [Fact]
    public void Qlike_rejects_a_non_positive_forecast_and_names_its_index()
    {
        var e = Assert.Throws<ArgumentException>(() => LossFunction.Qlike.Series([1.0, 1.0], [1.0, 0.0]));
        Assert.Contains("index 1", e.Message);
        Assert.Equal(LossFunction.Qlike, LossFunction.Parse("QLIKE"));
        Assert.Throws<ArgumentException>(() => LossFunction.Parse("huber"));
    }
}
