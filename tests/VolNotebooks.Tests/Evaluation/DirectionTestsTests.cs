using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Evaluation;

public sealed class DirectionTestsTests
{
    [Fact]
    public void Seven_hits_in_ten_days_have_the_binomial_tail_176_over_1024()
    {
        double[] actual = [1, -1, 2, -2, 3, 1, -1, 2, 0.5, -0.5];
        double[] forecast = [1, -1, 1, -1, 1, 1, -1, -1, -1, 1]; // wrong on the last three days only
        var result = DirectionTests.AgainstChance(actual, forecast);
        Assert.Equal((7, 10, 0.7), (result.Hits, result.Trials, result.Accuracy));
        // P(X >= 7 | Binomial(10, 1/2)) = (C(10,7) + C(10,8) + C(10,9) + C(10,10)) / 2^10 = (120 + 45 + 10 + 1) / 1024.
        Assert.Equal(176.0 / 1024, result.PValue, 14);
    }

    [Fact]
    public void A_zero_forecast_is_right_only_on_an_unchanged_day_as_the_study_counts_signs()
    {
        Assert.Equal(1, DirectionTests.Hits([0.0, 1, -1], [0.0, 0, 0]));
    }

    [Fact]
    public void The_majority_rule_comparison_counts_discordant_days_as_an_exact_McNemar_test()
    {
        double[] training = [1, 2, -1, 3];             // 3 of 4 up: the rule says up every day
        double[] actual = [1, -1, 2, -2, 1];
        double[] forecast = [1, 1, -1, -1, -1];
        var result = DirectionTests.AgainstMajorityRule(actual, forecast, training);
        Assert.True(result.RuleSaysUp);
        Assert.Equal(0.75, result.TrainingUpShare);
        Assert.Equal(3.0 / 5, result.RuleAccuracy);    // right on days 0, 2, 4
        // Forecast right and rule wrong: day 3; rule right and forecast wrong: days 2 and 4.
        Assert.Equal((1, 2), (result.Wins, result.Losses));
        // P(X >= 1 | Binomial(3, 1/2)) = 7/8.
        Assert.Equal(7.0 / 8, result.PValue, 14);
    }

    [Fact]
    public void Mostly_falling_training_returns_make_the_rule_forecast_down()
    {
        var result = DirectionTests.AgainstMajorityRule([-1.0, -2, 3], [-1.0, -1, 1], [-1.0, -1, 1]);
        Assert.False(result.RuleSaysUp);
        Assert.Equal(2.0 / 3, result.RuleAccuracy);
        Assert.Equal((1, 0), (result.Wins, result.Losses));
        Assert.Equal(0.5, result.PValue, 14); // P(X >= 1 | Binomial(1, 1/2))
    }

    [Fact]
    public void A_forecast_that_never_disagrees_with_the_rule_has_p_value_one()
    {
        var result = DirectionTests.AgainstMajorityRule([1.0, -1, 2], [0.1, 0.2, 0.3], [1.0, 1, -1]);
        Assert.Equal((0, 0, 1.0), (result.Wins, result.Losses, result.PValue));
    }
}
