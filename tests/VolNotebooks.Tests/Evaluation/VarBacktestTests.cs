using MathNet.Numerics;
using VolNotebooks.Econometrics;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Evaluation;

public sealed class VarBacktestTests
{
    // Independent chi-square tails: chi2(1) upper tail = erfc(sqrt(x/2)); chi2(2) upper tail = exp(-x/2).
    private static double ChiSquare1Tail(double x) => SpecialFunctions.Erfc(Math.Sqrt(x / 2));

    private static double ChiSquare2Tail(double x) => Math.Exp(-x / 2);

    // Returns and VaR -1 whose breaches are the given 0/1 pattern: a breach day returns -2, others +0.5.
    private static (double[] Returns, double[] Var) FromPattern(params int[] pattern) =>
        ([.. pattern.Select(b => b == 1 ? -2.0 : 0.5)], [.. pattern.Select(_ => -1.0)]);

    [Fact]
    public void A_breach_is_a_return_strictly_below_the_var()
    {
        bool[] breaches = VarBacktest.Breaches([-1.0, -1.0000001, 0.0, -3.0], [-1.0, -1.0, -1.0, -2.5]);
        Assert.Equal([false, true, false, true], breaches);
    }

    [Fact]
    public void Kupiec_matches_its_closed_form_for_two_breaches_in_ten_days_at_five_percent()
    {
        // Kupiec (1995): LR = -2[(n-x) ln(1-a) + x ln a - (n-x) ln(1-x/n) - x ln(x/n)], n = 10, x = 2, a = 0.05.
        double lr = -2 * ((8 * Math.Log(0.95)) + (2 * Math.Log(0.05)) - (8 * Math.Log(0.8)) - (2 * Math.Log(0.2)));
        var test = VarBacktest.Kupiec(10, 2, 0.05);
        Assert.Equal(lr, test.Statistic, 12);
        Assert.Equal(1, test.DegreesOfFreedom);
        Assert.Equal(ChiSquare1Tail(lr), test.PValue, 10);
    }

    [Fact]
    public void Kupiec_with_no_breaches_or_only_breaches_uses_zero_log_zero_equals_zero()
    {
        // x = 0: the alternative's likelihood is 1, so LR = -2 n ln(1-a); x = n: LR = -2 n ln a.
        Assert.Equal(-2 * 250 * Math.Log(0.99), VarBacktest.Kupiec(250, 0, 0.01).Statistic, 10);
        Assert.Equal(-2 * 7 * Math.Log(0.01), VarBacktest.Kupiec(7, 7, 0.01).Statistic, 10);
        Assert.Equal(0.0, VarBacktest.Kupiec(100, 1, 0.01).Statistic, 12);
        Assert.Equal(1.0, VarBacktest.Kupiec(100, 1, 0.01).PValue, 12);
    }

    [Fact]
    public void Independence_counts_transitions_and_matches_the_closed_form_for_consecutive_breaches()
    {
        // 0 1 1 1 0 0 0 0 0 0: pairs 01 11 11 10 00 00 00 00 00 -> n00 = 5, n01 = 1, n10 = 1, n11 = 2 (counted by hand).
        var (returns, valueAtRisk) = FromPattern(0, 1, 1, 1, 0, 0, 0, 0, 0, 0);
        bool[] breaches = VarBacktest.Breaches(returns, valueAtRisk);
        Assert.Equal(new VarBreachTransitions(5, 1, 1, 2), VarBreachTransitions.Count(breaches));

        // Christoffersen (1998): pi = 3/9, pi01 = 1/6, pi11 = 2/3.
        double independent = (6 * Math.Log(2.0 / 3)) + (3 * Math.Log(1.0 / 3));
        double markov = (5 * Math.Log(5.0 / 6)) + Math.Log(1.0 / 6) + Math.Log(1.0 / 3) + (2 * Math.Log(2.0 / 3));
        double lr = -2 * (independent - markov);
        var test = VarBacktest.Independence(breaches);
        Assert.Equal(lr, test.Statistic, 12);
        Assert.Equal(ChiSquare1Tail(lr), test.PValue, 10);

        // Conditional coverage = Kupiec over the 10 days (x = 3, a = 0.1) + independence, chi2(2).
        double pof = -2 * ((7 * Math.Log(0.9)) + (3 * Math.Log(0.1)) - (7 * Math.Log(0.7)) - (3 * Math.Log(0.3)));
        var cc = VarBacktest.ConditionalCoverage(breaches, 0.1);
        Assert.Equal(pof + lr, cc.Statistic, 12);
        Assert.Equal(2, cc.DegreesOfFreedom);
        Assert.Equal(ChiSquare2Tail(pof + lr), cc.PValue, 10);
    }

    [Fact]
    public void Independence_is_zero_when_breaches_are_spread_exactly_as_a_markov_chain_with_equal_rows()
    {
        // 0 1 1 0 0 0 1 0 0 0: n00 = 4, n01 = 2, n10 = 2, n11 = 1, so pi01 = pi11 = pi = 1/3 and the likelihoods coincide.
        var (returns, valueAtRisk) = FromPattern(0, 1, 1, 0, 0, 0, 1, 0, 0, 0);
        bool[] breaches = VarBacktest.Breaches(returns, valueAtRisk);
        Assert.Equal(new VarBreachTransitions(4, 2, 2, 1), VarBreachTransitions.Count(breaches));
        Assert.Equal(0.0, VarBacktest.Independence(breaches).Statistic, 12);
    }

    [Fact]
    public void Degenerate_sequences_without_a_transition_out_of_one_state_give_zero_independence_statistic()
    {
        // No breach: no 1 -> ? pair; all breaches: no 0 -> ? pair; a single last-day breach: no 1 -> ? pair either.
        Assert.Equal(0.0, VarBacktest.Independence(new bool[12]).Statistic);
        Assert.Equal(0.0, VarBacktest.Independence(Enumerable.Repeat(true, 12).ToArray()).Statistic);
        Assert.Equal(0.0, VarBacktest.Independence([false, false, false, true]).Statistic, 12);
        Assert.Equal(1.0, VarBacktest.Independence(new bool[12]).PValue, 12);

        // No breaches in 20 days at 5%: conditional coverage reduces to Kupiec, -2 * 20 ln 0.95.
        var cc = VarBacktest.ConditionalCoverage(new bool[20], 0.05);
        Assert.Equal(-40 * Math.Log(0.95), cc.Statistic, 12);
        Assert.Equal(ChiSquare2Tail(-40 * Math.Log(0.95)), cc.PValue, 10);
    }

    [Fact]
    public void Dynamic_quantile_matches_explicit_normal_equations()
    {
        var random = SeededRandom.Create(7);
        int n = 60;
        double alpha = 0.1;
        var returns = new double[n];
        var valueAtRisk = new double[n];
        for (int t = 0; t < n; t++)
        {
            valueAtRisk[t] = -1.0 - random.NextDouble();
            returns[t] = (random.NextDouble() * 4) - 2.5;
        }

        // Engle and Manganelli (2004): X_t = [1, Hit_{t-1..t-4}, VaR_t], DQ = Hit'X (X'X)^-1 X'Hit / (a (1 - a)).
        var hit = returns.Select((r, t) => (r < valueAtRisk[t] ? 1.0 : 0.0) - alpha).ToArray();
        int k = 6;
        var xtx = new double[k, k];
        var xty = new double[k];
        for (int t = 4; t < n; t++)
        {
            double[] row = [1, hit[t - 1], hit[t - 2], hit[t - 3], hit[t - 4], valueAtRisk[t]];
            for (int i = 0; i < k; i++)
            {
                xty[i] += row[i] * hit[t];
                for (int j = 0; j < k; j++) xtx[i, j] += row[i] * row[j];
            }
        }

        double[] beta = SolveByGaussianElimination(xtx, xty);
        double dq = beta.Select((b, i) => b * xty[i]).Sum() / (alpha * (1 - alpha));
        var test = VarBacktest.DynamicQuantile(returns, valueAtRisk, alpha);
        Assert.Equal(dq, test.Statistic, 9);
        Assert.Equal(6, test.DegreesOfFreedom);
        Assert.Equal(1 - MathNet.Numerics.Distributions.ChiSquared.CDF(6, dq), test.PValue, 10);
    }

    [Fact]
    public void Dynamic_quantile_without_breaches_projects_the_constant_hit_onto_the_constant()
    {
        // Hit_t = -a for every day: X has rank 2 (constant and VaR), Hit lies in its span, so DQ = rows a^2 / (a (1-a)).
        double[] returns = [.. Enumerable.Range(0, 30).Select(t => 0.1 * t)];
        double[] valueAtRisk = [.. Enumerable.Range(0, 30).Select(t => -1.0 - (0.01 * t * t))];
        var test = VarBacktest.DynamicQuantile(returns, valueAtRisk, 0.05);
        Assert.Equal(26 * 0.05 / 0.95, test.Statistic, 9);
        Assert.Equal(2, test.DegreesOfFreedom);
    }

    [Fact]
    public void Dynamic_quantile_rejects_correct_iid_hits_at_about_its_nominal_five_percent()
    {
        // Correct VaR: r_t ~ N(0, s_t^2) with VaR_t = s_t z_a, so hits are iid Bernoulli(a); DQ should reject about 5% of the time.
        var random = SeededRandom.Create(2024);
        double alpha = 0.05, z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, alpha);
        int replications = 400, n = 1000, rejections = 0;
        var returns = new double[n];
        var valueAtRisk = new double[n];
        for (int rep = 0; rep < replications; rep++)
        {
            for (int t = 0; t < n; t++)
            {
                double sigma = 0.5 + random.NextDouble();
                valueAtRisk[t] = sigma * z;
                returns[t] = sigma * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);
            }

            if (VarBacktest.DynamicQuantile(returns, valueAtRisk, alpha).PValue < 0.05) rejections++;
        }

        // Binomial(400, 0.05) has standard deviation 4.4 rejections; allow about three either side.
        Assert.InRange(rejections, 8, 34);
    }

    [Fact]
    public void Dynamic_quantile_rejects_clustered_breaches()
    {
        // Breaches in runs of five: the lagged hits predict the next hit, so DQ must reject strongly.
        int n = 500;
        double[] returns = [.. Enumerable.Range(0, n).Select(t => t % 50 < 5 ? -2.0 : 0.5)];
        double[] valueAtRisk = [.. Enumerable.Repeat(-1.0, n).Select((v, t) => v - (0.001 * (t % 7)))];
        Assert.True(VarBacktest.DynamicQuantile(returns, valueAtRisk, 0.1).PValue < 1e-6);
    }

    [Theory]
    [InlineData(4, VarTrafficLightZone.Green)]
    [InlineData(5, VarTrafficLightZone.Yellow)]
    [InlineData(9, VarTrafficLightZone.Yellow)]
    [InlineData(10, VarTrafficLightZone.Red)]
    [InlineData(0, VarTrafficLightZone.Green)]
    public void Traffic_light_reproduces_the_basel_zones_for_250_days_at_99_percent(int breaches, VarTrafficLightZone zone)
    {
        // Basel Committee (1996), Table 2: green 0-4, yellow 5-9, red 10 or more.
        Assert.Equal(zone, VarBacktest.TrafficLight(250, breaches, 0.01));
    }

    [Fact]
    public void Traffic_light_for_other_lengths_follows_the_binomial_cumulative_probability()
    {
        // 500 days at 99%: P(X <= x) by a direct sum of binomial probabilities; the first x with P >= 0.95 opens yellow.
        static double Cdf(int n, double p, int x)
        {
            double sum = 0, pmf = Math.Pow(1 - p, n);
            for (int k = 0; k <= x; k++)
            {
                sum += pmf;
                pmf *= (n - k) / (k + 1.0) * p / (1 - p);
            }

            return sum;
        }

        int firstYellow = Enumerable.Range(0, 500).First(x => Cdf(500, 0.01, x) >= 0.95);
        int firstRed = Enumerable.Range(0, 500).First(x => Cdf(500, 0.01, x) >= 0.9999);
        Assert.Equal(9, firstYellow);    // P(X <= 8) = 0.9319, P(X <= 9) = 0.9682
        Assert.Equal(VarTrafficLightZone.Green, VarBacktest.TrafficLight(500, firstYellow - 1, 0.01));
        Assert.Equal(VarTrafficLightZone.Yellow, VarBacktest.TrafficLight(500, firstYellow, 0.01));
        Assert.Equal(VarTrafficLightZone.Yellow, VarBacktest.TrafficLight(500, firstRed - 1, 0.01));
        Assert.Equal(VarTrafficLightZone.Red, VarBacktest.TrafficLight(500, firstRed, 0.01));
    }

    [Fact]
    public void Quantile_loss_matches_the_pinball_formula()
    {
        // (a - 1{r < VaR})(r - VaR) at a = 0.01: r = -3, VaR = -2 -> 0.99; r = 1, VaR = -2 -> 0.03; r = VaR -> 0.
        double[] loss = VarBacktest.QuantileLoss([-3.0, 1.0, -2.0], [-2.0, -2.0, -2.0], 0.01);
        Assert.Equal(0.99, loss[0], 14);
        Assert.Equal(0.03, loss[1], 14);
        Assert.Equal(0.0, loss[2], 14);
    }

    [Fact]
    public void Run_reports_counts_and_uses_only_the_last_250_days_for_the_traffic_light()
    {
        // 300 days: 10 breaches in the first 50 days, 2 in the last 250 -> 12 breaches, but a green light.
        int[] pattern = [.. Enumerable.Range(0, 300).Select(t => (t < 50 && t % 5 == 0) || t == 100 || t == 200 ? 1 : 0)];
        var (returns, valueAtRisk) = FromPattern(pattern);
        var report = VarBacktest.Run(returns, valueAtRisk, 0.01);
        Assert.Equal(300, report.Observations);
        Assert.Equal(12, report.Breaches);
        Assert.Equal(VarTrafficLightZone.Green, report.TrafficLight);
        Assert.Equal(VarBacktest.Kupiec(300, 12, 0.01), report.Kupiec);
        Assert.Equal(VarBacktest.QuantileLoss(returns, valueAtRisk, 0.01).Average(), report.MeanQuantileLoss, 14);
    }

    [Fact]
    public void Invalid_inputs_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VarBacktest.Kupiec(10, 1, 1.0));
        Assert.Throws<ArgumentException>(() => VarBacktest.Breaches([1.0], [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => VarBacktest.QuantileLoss([double.NaN], [-1.0], 0.01));
    }

    private static double[] SolveByGaussianElimination(double[,] a, double[] b)
    {
        int k = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (int col = 0; col < k; col++)
        {
            int pivot = Enumerable.Range(col, k - col).MaxBy(r => Math.Abs(m[r, col]));
            for (int j = 0; j < k; j++) (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
            (v[col], v[pivot]) = (v[pivot], v[col]);
            for (int r = col + 1; r < k; r++)
            {
                double f = m[r, col] / m[col, col];
                for (int j = col; j < k; j++) m[r, j] -= f * m[col, j];
                v[r] -= f * v[col];
            }
        }

        var x = new double[k];
        for (int r = k - 1; r >= 0; r--)
        {
            double s = v[r];
            for (int j = r + 1; j < k; j++) s -= m[r, j] * x[j];
            x[r] = s / m[r, r];
        }

        return x;
    }
}
