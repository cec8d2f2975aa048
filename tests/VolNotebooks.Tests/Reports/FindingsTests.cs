using VolNotebooks.Evaluation;
using VolNotebooks.Reports;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Reports;

public sealed class FindingsTests
{
    private static readonly DateOnly[] Days = [.. Enumerable.Range(0, 200).Select(i => new DateOnly(2021, 1, 1).AddDays(i))];

    // Realized values 1 + 0.5 sin(t); each model adds its own seeded Gaussian noise of the given size.
    private static ForecastEvaluation Evaluate(params (string Name, double Noise, int Seed)[] models)
    {
        var actual = Days.Select((_, t) => 1 + (0.5 * Math.Sin(t))).ToArray();
        var forecasts = models.Select(m =>
        {
            var random = new Random(m.Seed);
            return (m.Name, actual.Select(y => y + (m.Noise * Normal(random))).ToArray());
        }).ToArray();
        var table = ForecastTable.FromSeries("constructed", Days, "realized", actual, forecasts);
        return ForecastEvaluation.Run(table, LossFunction.Mse, horizon: 1, level: 0.1, seed: 7);
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void A_clear_winner_is_named_with_its_confidence_set_and_a_significant_dm_test_beside_the_claim()
    {
        // Noise 0.1 against 1.0: squared errors differ by a factor of about 100, far beyond sampling error over 200 days.
        var findings = new Findings().Verdict(Evaluate(("sharp", 0.1, 1), ("blurred", 1.0, 2)), "MSE", "at 1 day");
        Assert.StartsWith("sharp has the lowest MSE at 1 day", findings.Sentences[0]);
        Assert.Contains("keeps {sharp}", findings.Sentences[1]);
        Assert.StartsWith("sharp has a lower MSE than blurred at 1 day", findings.Sentences[2]);
        Assert.Contains("p < 0.001", findings.Sentences[2]);
        Assert.Contains("DM t = -", findings.Sentences[2]);
        Assert.DoesNotContain("not significantly", findings.Sentences[2]);
    }

    [Fact]
    public void A_tie_is_reported_as_not_significant_with_its_p_value_at_or_above_the_level()
    {
        // Same noise size, independent draws: the mean squared errors differ only by sampling error.
        var evaluation = Evaluate(("twin a", 0.5, 3), ("twin b", 0.5, 4));
        var findings = new Findings().Verdict(evaluation, "MSE", "");
        var test = evaluation.Pairs[0].Test;
        Assert.True(test.PValue >= 0.05, $"constructed tie gave p = {test.PValue}");
        Assert.Contains("but not significantly", findings.Sentences[2]);
        Assert.Contains(">= 0.05", findings.Sentences[2]);
        Assert.Contains("keeps {twin a, twin b}", findings.Sentences[1]);
        Assert.Contains("cannot tell any of them apart", findings.Sentences[1]);
    }

    [Fact]
    public void Every_comparison_sentence_carries_a_dm_statistic_and_p_value()
    {
        var findings = new Findings().Verdict(Evaluate(("a", 0.2, 5), ("b", 0.5, 6), ("c", 0.5, 7)), "MSE", "at 1 day", focus: "c");
        foreach (var sentence in findings.Sentences.Where(s => s.Contains("lower", StringComparison.Ordinal)))
        {
            Assert.Contains("DM t = ", sentence);
            Assert.Matches("p (=|<) 0\\.", sentence);
        }

        Assert.Equal(4, findings.Sentences.Count); // lowest, MCS, and the focus against each of the two others
    }

    [Fact]
    public void Comparison_wording_follows_the_mean_losses_and_turns_the_statistic_with_them()
    {
        var test = new DieboldMarianoResult(2.5, 0.013, Alternative.TwoSided, 100, 1, 0.2, 0.0064, false);
        // a's mean 1.2 exceeds b's 1.0, so the sentence leads with b and shows the statistic of b against a (-2.50).
        var text = Findings.Comparison("a", "b", "QLIKE", "at 5 days", test, 1.2, 1.0, 0.05);
        Assert.Equal("b has a lower QLIKE than a at 5 days (1 against 1.2; DM t = -2.50, p = 0.013): significant at 5%.", text);
        var weak = Findings.Comparison("a", "b", "QLIKE", "", test with { PValue = 0.31 }, 0.9, 1.0, 0.05);
        Assert.Equal("a's QLIKE is lower than b's, but not significantly (0.9 against 1; DM t = 2.50, p = 0.310 >= 0.05).", weak);
    }

    [Fact]
    public void Directional_accuracy_is_judged_by_the_exact_binomial_test()
    {
        // R: binom.test(60, 100, 0.5)$p.value = 0.05688793; binom.test(70, 100, 0.5)$p.value = 7.85e-05.
        var findings = new Findings().DirectionalAccuracy("net", 60, 100).DirectionalAccuracy("down", 70, 100).DirectionalAccuracy("coin", 30, 100);
        Assert.Contains("p = 0.057 - not significantly different from chance", findings.Sentences[0]);
        Assert.Contains("p < 0.001 - more often than chance", findings.Sentences[1]);
        Assert.Contains("less often than chance", findings.Sentences[2]);
        // 60 of 100 against a 56.5% base rate: R binom.test(60, 100, 0.565)$p.value = 0.546.
        var against = new Findings().DirectionalAccuracy("net", 60, 100, 0.565, "always down").Sentences[0];
        Assert.Contains("against always down's 56.5%: p = 0.5", against);
        Assert.EndsWith("not significantly different from always down (>= 0.05).", against);
    }

    [Fact]
    public void A_best_epoch_of_one_is_explained_as_validation_never_improving_after_the_first_pass()
    {
        var history = new List<EpochRecord> { new(1, 2.0, 1.0, 1e-3, 1), new(2, 1.5, 1.1, 1e-3, 1), new(3, 1.2, 1.2, 1e-3, 1) };
        var early = new Findings().BestEpoch("LSTMVol", new TrainingResult(history, 1, 1.0, "early stopping")).Sentences[0];
        Assert.StartsWith("LSTMVol's validation loss was lowest at epoch 1 of 3", early);
        Assert.Contains("never improved after the first pass", early);
        Assert.Contains("from 2 to 1.2", early);
        var late = new Findings().BestEpoch("LSTMVol", new TrainingResult(history, 3, 1.2, "ran all 3 epochs")).Sentences[0];
        Assert.Contains("still improving", late);
    }
}
