using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Evaluation;

public sealed class PesaranTimmermannTests
{
    [Fact]
    public void Statistic_matches_the_1992_closed_form_on_a_hand_counted_example()
    {
        double[] actual = [1, -1, 2, -2, 3, 1, -1, 2];
        double[] forecast = [0.5, -0.2, 1, 0.3, 2, -1, -0.5, 1];
        // Counted by hand: ups in y 5/8, ups in x 5/8, agreeing directions 6/8; n = 8.
        const double py = 5.0 / 8, px = 5.0 / 8, p = 6.0 / 8, n = 8;
        const double pStar = (py * px) + ((1 - py) * (1 - px)); // 34/64
        const double varP = pStar * (1 - pStar) / n;
        const double varPStar = (((2 * py) - 1) * ((2 * py) - 1) * px * (1 - px) / n) + (((2 * px) - 1) * ((2 * px) - 1) * py * (1 - py) / n)
            + (4 * py * px * (1 - py) * (1 - px) / (n * n));
        var expected = (p - pStar) / Math.Sqrt(varP - varPStar); // = 1.41108...
        var (statistic, pValue) = PesaranTimmermann.Test(actual, forecast);
        Assert.Equal(expected, statistic, 13);
        Assert.Equal(1.41108, statistic, 4);
        // 1 - Phi(1.41108) from the normal table: 0.07911.
        Assert.Equal(0.07911, pValue, 4);
    }

    [Fact]
    public void A_series_that_always_rises_leaves_the_statistic_undefined()
    {
        Assert.Throws<ArgumentException>(() => PesaranTimmermann.Test([1.0, 2, 3, 4], [1.0, -1, 1, -1]));
    }
}
