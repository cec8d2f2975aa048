using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Evaluation;

public sealed class BinomialTestTests
{
    [Theory]
    // Printed by Fixtures/dm_reference.R: binom.test(k, n, p)$p.value (R 4).
    [InlineData(3, 20, 0.3, 0.220418267380709)]
    [InlineData(14, 20, 0.5, 0.115318298339844)]
    [InlineData(9, 12, 0.4, 0.017444048896)]
    public void Two_sided_p_value_matches_R_binom_test(int successes, int trials, double probability, double expected)
    {
        Assert.Equal(expected, BinomialTest.TwoSided(successes, trials, probability), 13);
    }

    [Theory]
    // Printed by Fixtures/dm_reference.R: binom.test(k, n, p, alternative = "greater")$p.value.
    [InlineData(7, 10, 0.5, 0.171875)]
    [InlineData(2, 25, 0.1, 0.728794093538633)]
    public void Greater_p_value_matches_R_binom_test(int successes, int trials, double probability, double expected)
    {
        Assert.Equal(expected, BinomialTest.Greater(successes, trials, probability), 13);
    }

    [Fact]
    public void Small_cases_match_the_closed_form()
    {
        // Fair coin, 4 tosses, 0 heads: the counts as unlikely are 0 and 4, 2/16. 7 of 10 greater: (120 + 45 + 10 + 1)/1024.
        Assert.Equal(2.0 / 16, BinomialTest.TwoSided(0, 4, 0.5), 15);
        Assert.Equal(176.0 / 1024, BinomialTest.Greater(7, 10, 0.5), 15);
        // The observed count equal to n p is as likely as can be: p = 1.
        Assert.Equal(1.0, BinomialTest.TwoSided(5, 10, 0.5));
    }
}
