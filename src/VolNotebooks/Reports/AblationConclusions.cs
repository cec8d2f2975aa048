using System.Globalization;
using VolNotebooks.Evaluation;
using VolNotebooks.Training;

namespace VolNotebooks.Reports;

/// <summary>Turns an ablation study's results into sentences, each with the evidence it rests on (counts of tickers
/// significant after Holm, the test used, the averages compared) - the closing cell of notebook 05, so no conclusion is
/// written before the numbers exist.</summary>
public static class AblationConclusions
{
    /// <summary>The conclusions, budget first: a study run with fewer tickers, seeds or epochs than research 003's setup
    /// (<see cref="AblationStudy.ResearchTickers"/>, five seeds, <see cref="AblationStudy.ResearchSpec"/>'s epochs) says so.</summary>
    /// <param name="result">A finished study.</param>
    /// <param name="rows">Its rows (<see cref="AblationSignificance.Rows"/>).</param>
    /// <param name="pairs">Its variant pairs (<see cref="AblationSignificance.Pairs"/>).</param>
    /// <param name="alpha">Family-wise level of each Holm family (one variant or pair, one test, all tickers).</param>
    /// <param name="fullSeeds">Seeds of the full study (the notebook's default, 5).</param>
    public static IReadOnlyList<string> Sentences(
        AblationResult result, IReadOnlyList<AblationTestRow> rows, IReadOnlyList<AblationPairTest> pairs, double alpha = 0.05, int fullSeeds = 5)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(pairs);
        var sentences = new List<string>();
        var n = result.Tickers.Count;
        var level = Invariant($"{alpha * 100:0.#}%");
        if (Budget(result, fullSeeds) is string cut) sentences.Add(cut);

        foreach (var group in pairs.GroupBy(p => (p.Variant, p.Against)))
        {
            var (variant, against) = group.Key;
            var wins = group.Where(p => p.VariantWins(alpha)).Select(p => p.Ticker).ToList();
            var losses = group.Where(p => p.AgainstWins(alpha)).Select(p => p.Ticker).ToList();
            sentences.Add($"{variant} beats {against} on {wins.Count} of {n} tickers{List(wins)} and {against} beats {variant} on {losses.Count}{List(losses)}, " +
                $"at {level} after Holm (Diebold-Mariano on the seed ensembles' squared errors, two-sided).");
        }

        var ensembles = rows.Where(r => r.Seed is null).ToList();
        var chosen = string.Join(", ", result.Tickers.GroupBy(t => t.BestBaseline.Name).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} on {g.Count()}"));
        var bestBaselineRmse = result.Tickers.Average(t => ForecastMetrics.Rmse(t.TestActuals, t.BestBaseline.Test));
        foreach (var v in result.Variants)
        {
            var own = ensembles.Where(r => r.Variant == v).ToList();
            var better = own.Where(r => r.DieboldMarianoHolm < alpha && r.Tests.DieboldMariano < 0).Select(r => r.Ticker).ToList();
            var worse = own.Where(r => r.DieboldMarianoHolm < alpha && r.Tests.DieboldMariano > 0).Select(r => r.Ticker).ToList();
            sentences.Add(Invariant($"{v} beats its ticker's best baseline (chosen by validation MSE: {chosen}) on {better.Count} of {n} tickers{List(better)} and loses to it on {worse.Count}{List(worse)} ") +
                Invariant($"at {level} after Holm (Diebold-Mariano); mean test RMSE {own.Average(r => r.Rmse):0.0000} % against the best baselines' {bestBaselineRmse:0.0000} %."));
        }

        var ar1 = result.Tickers.Average(t => ForecastMetrics.Rmse(t.TestActuals, t.Baselines.Single(b => b.Name == "ar1").Test));
        var averages = result.Variants.Select(v => (Variant: v, Rmse: ensembles.Where(r => r.Variant == v).Average(r => r.Rmse))).ToList();
        var below = averages.Where(a => a.Rmse < ar1).ToList();
        var best = averages.MinBy(a => a.Rmse);
        sentences.Add(below.Count == 0
            ? Invariant($"No variant beats the AR(1) baseline on average: the lowest mean test RMSE over tickers is {best.Variant}'s {best.Rmse:0.0000} % against AR(1)'s {ar1:0.0000} % (a descriptive average, not a test).")
            : Invariant($"{string.Join(", ", below.Select(b => b.Variant))} {(below.Count == 1 ? "has" : "have")} a lower mean test RMSE over tickers than the AR(1) baseline ({string.Join(", ", below.Select(b => $"{b.Variant} {b.Rmse:0.0000} %"))} against {ar1:0.0000} %; a descriptive average, not a test)."));

        foreach (var v in result.Variants)
        {
            var own = ensembles.Where(r => r.Variant == v).ToList();
            var aboveCoin = own.Count(r => r.BinomialHolm < alpha);
            var aboveRule = own.Count(r => r.MajorityHolm < alpha);
            var pt = own.Count(r => r.PesaranTimmermannHolm < alpha);
            var undefined = own.Count(r => double.IsNaN(r.Tests.PesaranTimmermann));
            sentences.Add(Invariant($"{v}: directional accuracy {own.Average(r => r.DirectionalAccuracy):0.000} on average against the majority rule's {own.Average(r => r.Tests.MajorityRuleAccuracy):0.000}; ") +
                Invariant($"above 0.5 on {aboveCoin} of {n} tickers (exact binomial), above the majority rule on {aboveRule} (exact McNemar), directional predictability on {pt} (Pesaran-Timmermann") +
                (undefined > 0 ? Invariant($"; undefined on {undefined}, whose forecasts all had one sign)") : ")") + $", each at {level} after Holm.");
        }

        return sentences;
    }

    /// <summary>The sentence saying how the run's budget falls short of the full study, or <see langword="null"/> when it does not.</summary>
    /// <param name="result">A finished study.</param>
    /// <param name="fullSeeds">Seeds of the full study.</param>
    public static string? Budget(AblationResult result, int fullSeeds = 5)
    {
        ArgumentNullException.ThrowIfNull(result);
        var cuts = new List<string>();
        var fullTickers = AblationStudy.ResearchTickers.Count;
        var fullEpochs = AblationStudy.ResearchSpec.Training.Epochs;
        var epochs = result.Runs.Max(r => r.Spec.Training.Epochs);
        if (result.Tickers.Count < fullTickers) cuts.Add($"{result.Tickers.Count} of {fullTickers} tickers");
        if (result.Seeds.Count < fullSeeds) cuts.Add($"{result.Seeds.Count} of {fullSeeds} seeds");
        if (epochs < fullEpochs) cuts.Add($"at most {epochs} of {fullEpochs} epochs");
        if (result.Variants.Count < AblationStudy.Variants.Count) cuts.Add($"{result.Variants.Count} of {AblationStudy.Variants.Count} variants");
        return cuts.Count == 0 ? null
            : $"Budget cut: {string.Join(", ", cuts)}. These numbers check the notebook's mechanics; they are not the study's results.";
    }

    private static string List(List<string> tickers) => tickers.Count == 0 ? "" : $" ({string.Join(", ", tickers)})";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
