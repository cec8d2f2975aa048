using System.Globalization;
using System.Text;
using VolNotebooks.Evaluation;
using VolNotebooks.Training;

namespace VolNotebooks.Reports;

/// <summary>Conclusions computed from results: sentences that state what the numbers show, each with its evidence - a
/// notebook's closing cell prints them instead of prose written before the run.</summary>
/// <remarks>
/// The one rule: a claim that one forecast is better than another is only ever made with its test statistic and
/// p-value beside it, and a difference whose p-value is at or above <see cref="Level"/> is reported as "not
/// significantly" lower. A model having the lowest mean loss is a fact of the sample and is stated as such; whether
/// it can be told apart from the others is what the model confidence set and the Diebold-Mariano tests add.
/// </remarks>
public sealed class Findings
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly List<string> _sentences = [];

    /// <summary>Starts an empty list of findings.</summary>
    /// <param name="level">Significance level of the pairwise tests, in (0, 1); 0.05 by default.</param>
    public Findings(double level = 0.05)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "the significance level lies in (0, 1)");
        Level = level;
    }

    /// <summary>Significance level of the pairwise tests: a p-value at or above it is "not significant".</summary>
    public double Level { get; }

    /// <summary>The findings in the order added.</summary>
    public IReadOnlyList<string> Sentences => _sentences;

    /// <summary>Adds a sentence as it is (for a fact computed elsewhere, e.g. a count).</summary>
    /// <param name="sentence">A complete sentence.</param>
    public Findings Add(string sentence)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sentence);
        _sentences.Add(sentence);
        return this;
    }

    /// <summary>Adds "M has the lowest MEASURE CONTEXT (value; next: N value)": which model leads, with the runner-up.</summary>
    /// <param name="measure">What is compared, e.g. "QLIKE".</param>
    /// <param name="context">Where, e.g. "at 1 day"; may be empty.</param>
    /// <param name="models">[M] model names, at least one.</param>
    /// <param name="values">[M] their values (lower is better); NaN values are skipped.</param>
    public Findings Lowest(string measure, string context, IReadOnlyList<string> models, IReadOnlyList<double> values)
    {
        var ranked = Rank(models, values);
        var text = new StringBuilder();
        text.Append(Invariant, $"{ranked[0].Name} has the lowest {measure}{Space(context)} ({Number(ranked[0].Value)}");
        if (ranked.Count > 1) text.Append(Invariant, $"; next: {ranked[1].Name} {Number(ranked[1].Value)}");
        text.Append(").");
        return Add(text.ToString());
    }

    /// <summary>Adds "the model confidence set at LEVEL keeps {A, B}" with the models it eliminated first.</summary>
    /// <param name="models">[M] model names in the order of the set's loss matrix.</param>
    /// <param name="set">The set.</param>
    /// <param name="mcsLevel">The set's alpha, e.g. 0.1 for the 90% set.</param>
    /// <param name="measure">The loss it was computed on, e.g. "QLIKE".</param>
    /// <param name="context">Where, e.g. "at 1 day"; may be empty.</param>
    public Findings ConfidenceSet(IReadOnlyList<string> models, ModelConfidenceSetResult set, double mcsLevel, string measure, string context)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(set);
        var kept = set.Included(mcsLevel).Select(i => models[i]).ToArray();
        var sentence = string.Create(Invariant,
            $"On {measure}{Space(context)}, the model confidence set at {mcsLevel * 100:0.#}% keeps {{{string.Join(", ", kept)}}} ({kept.Length} of {models.Count}: ");
        sentence += kept.Length == models.Count
            ? "the data cannot tell any of them apart)."
            : string.Create(Invariant, $"the others have MCS p-values below {mcsLevel:0.##}).");
        return Add(sentence);
    }

    /// <summary>Adds the comparison of A with B on one loss: "A has a lower MEASURE than B (x against y; DM t = ..., p = ...)"
    /// when the Diebold-Mariano p-value is below <see cref="Level"/>, and "..., but not significantly (..., p = ... &gt;= level)"
    /// otherwise; the direction follows the mean losses.</summary>
    /// <param name="a">First model.</param>
    /// <param name="b">Second model.</param>
    /// <param name="measure">The loss, e.g. "QLIKE".</param>
    /// <param name="context">Where, e.g. "at 5 days"; may be empty.</param>
    /// <param name="test">The two-sided test of loss(a) - loss(b); its statistic is negative when a has the lower mean loss.</param>
    /// <param name="meanA">A's mean loss.</param>
    /// <param name="meanB">B's mean loss.</param>
    public Findings Compare(string a, string b, string measure, string context, DieboldMarianoResult test, double meanA, double meanB)
    {
        ArgumentNullException.ThrowIfNull(test);
        return Add(Comparison(a, b, measure, context, test, meanA, meanB, Level));
    }

    /// <summary>The sentence <see cref="Compare"/> adds.</summary>
    /// <param name="a">First model.</param>
    /// <param name="b">Second model.</param>
    /// <param name="measure">The loss.</param>
    /// <param name="context">Where; may be empty.</param>
    /// <param name="test">The two-sided Diebold-Mariano test of loss(a) - loss(b).</param>
    /// <param name="meanA">A's mean loss.</param>
    /// <param name="meanB">B's mean loss.</param>
    /// <param name="level">Significance level in (0, 1).</param>
    public static string Comparison(string a, string b, string measure, string context, DieboldMarianoResult test, double meanA, double meanB, double level)
    {
        ArgumentNullException.ThrowIfNull(test);
        var evidence = string.Create(Invariant, $"{Number(meanA)} against {Number(meanB)}; DM t = {test.Statistic:0.00}, {PValue(test.PValue)}");
        if (meanA == meanB) return $"{a} and {b} have the same mean {measure}{Space(context)} ({evidence}).";
        var (lower, higher) = meanA < meanB ? (a, b) : (b, a);
        if (meanA > meanB) evidence = string.Create(Invariant, $"{Number(meanB)} against {Number(meanA)}; DM t = {-test.Statistic:0.00}, {PValue(test.PValue)}");
        return test.PValue < level
            ? $"{lower} has a lower {measure} than {higher}{Space(context)} ({evidence}): significant at {Percent(level)}."
            : string.Create(Invariant, $"{lower}'s {measure} is lower than {higher}'s{Space(context)}, but not significantly ({evidence} >= {level:0.##}).");
    }

    /// <summary>Adds the lowest mean loss, the confidence set and the leader's (or <paramref name="focus"/>'s) Diebold-Mariano
    /// comparison with every other model: the verdict of one <see cref="ForecastEvaluation"/>.</summary>
    /// <param name="evaluation">Every model scored on the same days.</param>
    /// <param name="measure">The name of its loss as the text should say it, e.g. "QLIKE".</param>
    /// <param name="context">Where, e.g. "at 1 day"; may be empty.</param>
    /// <param name="focus">The model to compare with every other, or null for the one with the lowest mean loss.</param>
    public Findings Verdict(ForecastEvaluation evaluation, string measure, string context, string? focus = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var names = evaluation.Table.ModelNames;
        Lowest(measure, context, names, evaluation.MeanLosses);
        ConfidenceSet(names, evaluation.ConfidenceSet, evaluation.Level, measure, context);
        var subject = focus ?? Rank(names, evaluation.MeanLosses)[0].Name;
        var s = Array.IndexOf(names, subject);
        if (s < 0) throw new ArgumentException($"no model '{subject}'; the models are {string.Join(", ", names)}", nameof(focus));
        for (var m = 0; m < names.Length; m++)
        {
            if (m == s) continue;
            Compare(subject, names[m], measure, context, PairTest(evaluation, s, m), evaluation.MeanLosses[s], evaluation.MeanLosses[m]);
        }

        return this;
    }

    /// <summary>The two-sided Diebold-Mariano test of model a against model b from an evaluation's pairs (a pair stored as
    /// (b, a) is turned round: same p-value, statistic and mean differential negated).</summary>
    /// <param name="evaluation">The evaluation.</param>
    /// <param name="a">Index of model a.</param>
    /// <param name="b">Index of model b.</param>
    public static DieboldMarianoResult PairTest(ForecastEvaluation evaluation, int a, int b)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var names = evaluation.Table.ModelNames;
        foreach (var (first, second, test) in evaluation.Pairs)
        {
            if (first == names[a] && second == names[b]) return test;
            if (first == names[b] && second == names[a]) return test with { Statistic = -test.Statistic, MeanDifferential = -test.MeanDifferential };
        }

        throw new ArgumentException($"the evaluation has no test of {names[a]} against {names[b]}");
    }

    /// <summary>Adds how often a model calls the direction right, with the exact two-sided binomial test against
    /// <paramref name="chance"/>: "more often than chance", "less often than chance", or "not significantly different
    /// from chance".</summary>
    /// <param name="model">The model.</param>
    /// <param name="hits">Days called right.</param>
    /// <param name="trials">Days scored, at least 1.</param>
    /// <param name="chance">Hit rate under the null, e.g. 0.5 for a coin.</param>
    /// <param name="against">What the null rate is, e.g. "always down"; null for "chance".</param>
    public Findings DirectionalAccuracy(string model, int hits, int trials, double chance = 0.5, string? against = null)
    {
        var p = BinomialTest.TwoSided(hits, trials, chance);
        var rate = (double)hits / trials;
        var reference = against ?? "chance";
        var head = string.Create(Invariant, $"{model} calls the direction right on {rate * 100:0.0}% of {trials} days ({hits}); binomial test against {(against is null ? "" : against + "'s ")}{chance * 100:0.#}%: {PValue(p)}");
        var verdict = p >= Level
            ? string.Create(Invariant, $" - not significantly different from {reference} (>= {Level:0.##})")
            : rate > chance ? $" - more often than {reference}" : $" - less often than {reference}";
        return Add(head + verdict + ".");
    }

    /// <summary>Adds what a training run's best epoch means: a best epoch of 1 says validation never improved after the
    /// first pass over the data; the last epoch says the model was still improving when the epoch limit stopped it.</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="result">The training result (history, best epoch, stop reason).</param>
    public Findings BestEpoch(string model, TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var history = result.History;
        if (history.Count == 0) throw new ArgumentException("the training history is empty", nameof(result));
        var run = history.Count;
        var best = result.BestEpoch;
        var head = string.Create(Invariant, $"{model}'s validation loss was lowest at epoch {best} of {run} ({result.StopReason}), and those weights are kept");
        string meaning;
        if (best == 1 && run > 1)
        {
            meaning = string.Create(Invariant,
                $": validation never improved after the first pass over the training data, while the training loss went from {Number(history[0].TrainLoss)} to {Number(history[^1].TrainLoss)} - later epochs only fitted the training period, so the network kept is barely trained and its forecasts lean on its initialization and the target scale.");
        }
        else if (best == run)
        {
            meaning = ": it was still improving when training stopped, so more epochs might help.";
        }
        else
        {
            meaning = string.Create(Invariant, $": it improved for {best} epochs and then stopped improving for {run - best}.");
        }

        return Add(head + meaning);
    }

    /// <summary>The findings as a bulleted list, one per line.</summary>
    public override string ToString() => string.Join(Environment.NewLine, _sentences.Select(s => "- " + s));

    private static List<(string Name, double Value)> Rank(IReadOnlyList<string> models, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(values);
        if (models.Count != values.Count) throw new ArgumentException($"{models.Count} names but {values.Count} values");
        var ranked = models.Zip(values).Where(p => double.IsFinite(p.Second)).OrderBy(p => p.Second).ToList();
        return ranked.Count > 0 ? ranked : throw new ArgumentException("no model has a finite value");
    }

    private static string Space(string context) => string.IsNullOrEmpty(context) ? "" : " " + context;

    private static string Percent(double level) => (level * 100).ToString("0.#", Invariant) + "%";

    // Four significant digits: losses range from 1e-4 (variances of decimal returns) to 1e3 (22-day percent variances).
    private static string Number(double value) => value.ToString("G4", Invariant);

    private static string PValue(double p) => p < 0.001 ? "p < 0.001" : string.Create(Invariant, $"p = {p:0.000}");
}
