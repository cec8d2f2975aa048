using System.Globalization;
using System.Text;
using Plotly.NET;
using VolNotebooks.Charts;
using Chart = Plotly.NET.CSharp.Chart;
using VolNotebooks.Evaluation;
using VolNotebooks.IO;
using VolNotebooks.Training;

namespace VolNotebooks.Reports;

/// <summary>The ablation study's figures, tables and files (research 003's outputs, plus seeds, baselines and tests):
/// what notebook 05 shows and saves. Metrics are in percent log return.</summary>
/// <remarks>"Across seeds" statistics first average a metric over the tickers for each seed, then take the mean and the
/// sample standard deviation of those per-seed averages; with one seed there is no spread and no error bar.</remarks>
public static class AblationReports
{
    private static readonly (string Key, string Label)[] Metrics = [("mae", "MAE, %"), ("rmse", "RMSE, %"), ("directional_accuracy", "directional accuracy")];

    /// <summary>Per variant: the mean over tickers and seeds of MAE, RMSE and directional accuracy, with the standard
    /// deviation across seeds of the ticker-averaged metric.</summary>
    /// <param name="result">A finished study.</param>
    public static Table SummaryTable(AblationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new Table("variant", "runs", "MAE", "MAE sd (seeds)", "RMSE", "RMSE sd (seeds)", "dir. acc.", "dir. acc. sd (seeds)")
        {
            Caption = $"Mean test metrics over {result.Tickers.Count} tickers and {result.Seeds.Count} seed(s); sd: spread of the ticker average across seeds",
        };
        foreach (var c in table.Columns.Skip(2)) table.Format(c, "0.0000");
        foreach (var v in result.Variants)
        {
            var cells = new List<object?> { v, result.Runs.Count(r => r.Variant == v) };
            foreach (var (key, _) in Metrics)
            {
                var (mean, sd) = AcrossSeeds(result, v, key);
                cells.AddRange([mean, sd]);
            }

            table.AddRow([.. cells]);
        }

        return table;
    }

    /// <summary>Research 003's bar chart: mean MAE, RMSE and directional accuracy per variant, with error bars of one
    /// standard deviation across seeds.</summary>
    /// <param name="result">A finished study.</param>
    public static PlotlyChart MeanMetrics(AblationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var title = result.Seeds.Count > 1 ? $"Mean test metrics per variant ({result.Tickers.Count} tickers; error bars: sd across {result.Seeds.Count} seeds)"
            : $"Mean test metrics per variant ({result.Tickers.Count} tickers; one seed, so no error bars)";
        var panels = Metrics.Select(metric =>
        {
            var stats = result.Variants.Select(v => AcrossSeeds(result, v, metric.Key)).ToArray();
            return Plot.Bar(result.Variants, [.. stats.Select(s => s.Mean)], metric.Label, errorY: [.. stats.Select(s => s.Sd)], showLegend: false);
        }).ToList();
        return PlotlyChart.Create(Subplots.Grid(1, Metrics.Length, panels, [.. Metrics.Select(m => m.Label)]), title, height: 380, width: 1000);
    }

    /// <summary>Research 003's per-ticker chart: test RMSE per ticker, one bar per variant side by side (mean over seeds,
    /// error bars the sd across seeds).</summary>
    /// <param name="result">A finished study.</param>
    public static PlotlyChart RmsePerTicker(AblationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tickers = result.Tickers.Select(t => t.Ticker).ToArray();
        var bars = result.Variants.Select(v =>
        {
            var stats = tickers.Select(t => MeanAndSd(result.RunsOf(t, v).Select(r => r.Rmse).ToArray())).ToArray();
            return Plot.Bar(tickers, [.. stats.Select(s => s.Mean)], v, errorY: result.Seeds.Count > 1 ? [.. stats.Select(s => s.Sd)] : null);
        });
        return PlotlyChart.Create(Chart.Combine(bars).WithAxes(yTitle: "RMSE, % log return"), "Test RMSE per ticker and variant (mean over seeds)", height: 400, width: 1000);
    }

    /// <summary>Research 003's convergence chart: training and validation loss (MSE on the training-scaled target) per
    /// epoch for each variant of one ticker and seed.</summary>
    /// <param name="result">A finished study.</param>
    /// <param name="ticker">A ticker of the study.</param>
    /// <param name="seed">A seed of the study (default: the first).</param>
    public static PlotlyChart TrainingCurves(AblationResult result, string ticker, ulong? seed = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var s = seed ?? result.Seeds[0];
        var lines = new List<GenericChart>();
        foreach (var v in result.Variants)
        {
            var run = result.RunsOf(ticker, v).Single(r => r.Seed == s);
            var history = run.Training.History;
            var epochs = history.Select(e => (double)e.Epoch).ToArray();
            var color = Theme.Default.ColorAt(result.Variants.ToList().IndexOf(v));
            lines.Add(Plot.Scatter(epochs, [.. history.Select(e => e.TrainLoss)], $"{v} train", color: color));
            lines.Add(Plot.Scatter(epochs, [.. history.Select(e => e.ValidationLoss)], $"{v} validation (best epoch {run.Training.BestEpoch})", color: color, dash: StyleParam.DrawingStyle.Dash));
        }

        return PlotlyChart.Create(Chart.Combine(lines).WithAxes(xTitle: "epoch", yTitle: "MSE (scaled target)"),
            $"{ticker}, seed {s}: training (solid) and validation (dashed) loss", height: 400);
    }

    /// <summary>Research 003's prediction chart: one ticker's realized test returns and each variant's seed-ensemble
    /// forecast over the last <paramref name="days"/> test days.</summary>
    /// <param name="result">A finished study.</param>
    /// <param name="ticker">A ticker of the study.</param>
    /// <param name="days">How many of the last test days to show (the forecasts are tiny next to the returns; a short span keeps them visible).</param>
    public static PlotlyChart ActualVsPredicted(AblationResult result, string ticker, int days = 120)
    {
        ArgumentNullException.ThrowIfNull(result);
        var t = result.Ticker(ticker);
        var skip = Math.Max(0, t.TestDates.Length - days);
        var chart = Chart.Combine(result.Variants.Select(v => Plot.Scatter(t.TestDates[skip..], result.Ensemble(ticker, v)[skip..], v, lineWidth: 1.8))
                .Prepend(Plot.Scatter(t.TestDates[skip..], t.TestActuals[skip..], "realized", color: "#7f7f7f", lineWidth: 1)))
            .WithAxes(xType: StyleParam.AxisType.Date, yTitle: "log return, %");
        return PlotlyChart.Create(chart, $"{ticker}: realized return and seed-ensemble forecasts, last {t.TestDates.Length - skip} test days", height: 420, width: 1000);
    }

    /// <summary>Research 003's heatmap: directional accuracy per ticker and variant (mean over seeds), centred on 0.5.</summary>
    /// <param name="result">A finished study.</param>
    public static PlotlyChart DirectionalAccuracyHeatmap(AblationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var z = DirectionalAccuracies(result);
        return PlotlyChart.Create(Plot.Heatmap(z, [.. result.Variants], [.. result.Tickers.Select(t => t.Ticker)], colorScale: "RdBu", zMid: 0.5, showValues: true),
            "Directional accuracy (mean over seeds); 0.5 is a coin", height: 120 + (28 * result.Tickers.Count), width: 560);
    }

    /// <summary>Research 003's box plot: per variant, the tickers' directional accuracies (mean over seeds), with the
    /// line of a coin at 0.5.</summary>
    /// <param name="result">A finished study.</param>
    public static PlotlyChart DirectionalAccuracyBox(AblationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var z = DirectionalAccuracies(result);
        var boxes = Enumerable.Range(0, result.Variants.Count).Select(j => Plot.Box([.. Enumerable.Range(0, result.Tickers.Count).Select(i => z[i, j])], result.Variants[j]));
        var chart = Chart.Combine(boxes).WithHorizontalLine(0.5, -0.5, result.Variants.Count - 0.5).WithAxes(yTitle: "directional accuracy");
        return PlotlyChart.Create(chart, "Directional accuracy across tickers, by variant (dashed: 0.5)", height: 400);
    }

    /// <summary>Research 003's combined comparison: mean test RMSE and directional accuracy over tickers of each Stage-1
    /// baseline and each variant's seed ensemble.</summary>
    /// <param name="result">A finished study.</param>
    public static PlotlyChart BaselineComparison(AblationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (names, rmse, accuracy) = ComparisonColumns(result);
        var chart = Subplots.Grid(1, 2,
            [Plot.Bar(names, rmse, "RMSE", showLegend: false), Plot.Bar(names, accuracy, "directional accuracy", color: "#2ca02c", showLegend: false)],
            ["RMSE, %", "directional accuracy"]);
        return PlotlyChart.Create(chart, "Baselines (fitted on training rows) and the variants' seed ensembles, mean over tickers", height: 380, width: 1000);
    }

    /// <summary>Per ticker: each baseline's and each variant ensemble's test RMSE, and the baseline chosen on validation.</summary>
    /// <param name="result">A finished study.</param>
    public static Table BaselineTable(AblationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var baselineNames = result.Tickers[0].Baselines.Select(b => b.Name).ToArray();
        var table = new Table(["ticker", "best on validation", .. baselineNames, .. result.Variants.Select(v => $"{v} (ensemble)")])
        {
            Caption = "Test RMSE, % log return (baselines fitted on training rows; the ridge penalty and the best baseline chosen on validation)",
        };
        foreach (var c in table.Columns.Skip(2)) table.Format(c, "0.0000");
        foreach (var t in result.Tickers)
        {
            table.AddRow([t.Ticker, t.BestBaseline.Name, .. t.Baselines.Select(b => (object?)ForecastMetrics.Rmse(t.TestActuals, b.Test)),
                .. result.Variants.Select(v => (object?)ForecastMetrics.Rmse(t.TestActuals, result.Ensemble(t.Ticker, v)))]);
        }

        return table;
    }

    /// <summary>The seed ensembles' tests per ticker and variant, p-values Holm-adjusted across tickers.</summary>
    /// <param name="rows">Rows from <see cref="AblationSignificance.Rows"/> (only the ensembles' are shown).</param>
    public static Table TestsTable(IReadOnlyList<AblationTestRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new Table("ticker", "variant", "dir. acc.", "p vs 0.5", "rule acc.", "p vs rule", "PT p", "baseline", "DM", "DM p")
        {
            Caption = "Seed ensembles: exact binomial vs 0.5 and exact McNemar vs the majority rule (one-sided), Pesaran-Timmermann, " +
                "Diebold-Mariano vs the best baseline by validation MSE (two-sided; negative: the variant has the smaller loss); p-values Holm-adjusted across tickers",
        };
        foreach (var c in new[] { "dir. acc.", "p vs 0.5", "rule acc.", "p vs rule", "PT p", "DM", "DM p" }) table.Format(c, "0.000");
        foreach (var r in rows.Where(r => r.Seed is null))
        {
            table.AddRow(r.Ticker, r.Variant, r.DirectionalAccuracy, r.BinomialHolm, r.Tests.MajorityRuleAccuracy, r.MajorityHolm, r.PesaranTimmermannHolm,
                r.Tests.Baseline, r.Tests.DieboldMariano, r.DieboldMarianoHolm);
        }

        return table;
    }

    /// <summary>The variants compared pairwise per ticker (Diebold-Mariano on the seed ensembles, Holm across tickers).</summary>
    /// <param name="pairs">Tests from <see cref="AblationSignificance.Pairs"/>.</param>
    public static Table PairsTable(IReadOnlyList<AblationPairTest> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var table = new Table("ticker", "variant", "against", "DM", "p", "p (Holm)")
        {
            Caption = "Diebold-Mariano on squared errors (two-sided, HLN); negative: the variant has the smaller loss",
        };
        foreach (var c in new[] { "DM", "p", "p (Holm)" }) table.Format(c, "0.000");
        foreach (var p in pairs) table.AddRow(p.Ticker, p.Variant, p.Against, p.Test.Statistic, p.Test.PValue, p.HolmPValue);
        return table;
    }

    /// <summary>The study's table: one row per run and per seed ensemble (seed <c>ensemble</c>) with metrics, test
    /// statistics and p-values (Holm-adjusted ones for ensembles).</summary>
    /// <param name="rows">Rows from <see cref="AblationSignificance.Rows"/>.</param>
    public static Table ResultsTable(IReadOnlyList<AblationTestRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new Table(
            "ticker", "variant", "seed", "mae", "rmse", "dir_acc", "n", "hits", "binom_p", "majority_acc", "majority_wins", "majority_losses", "majority_p",
            "pt_stat", "pt_p", "baseline", "dm_stat", "dm_p", "binom_p_holm", "majority_p_holm", "pt_p_holm", "dm_p_holm");
        foreach (var r in rows)
        {
            var t = r.Tests;
            table.AddRow(r.Ticker, r.Variant, r.Seed?.ToString(CultureInfo.InvariantCulture) ?? "ensemble", r.Mae, r.Rmse, r.DirectionalAccuracy, t.Days, t.Hits,
                t.BinomialPValue, t.MajorityRuleAccuracy, t.MajorityWins, t.MajorityLosses, t.MajorityPValue, t.PesaranTimmermann, t.PesaranTimmermannPValue,
                t.Baseline, t.DieboldMariano, t.DieboldMarianoPValue, r.BinomialHolm, r.MajorityHolm, r.PesaranTimmermannHolm, r.DieboldMarianoHolm);
        }

        return table;
    }

    /// <summary>Writes every test forecast as CSV: <c>date, ticker, variant, seed, actual, forecast</c> (percent log
    /// return, unrounded), each run's rows and then the seed ensemble's (seed <c>ensemble</c>).</summary>
    /// <param name="result">A finished study.</param>
    /// <param name="path">Destination file, written atomically.</param>
    public static void WritePredictions(AblationResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder("date,ticker,variant,seed,actual,forecast\n");
        void Rows(AblationTicker t, string variant, string seed, double[] forecast)
        {
            for (var i = 0; i < forecast.Length; i++)
                text.Append(CultureInfo.InvariantCulture, $"{t.TestDates[i]:yyyy-MM-dd},{t.Ticker},{variant},{seed},{t.TestActuals[i]:R},{forecast[i]:R}\n");
        }

        foreach (var t in result.Tickers)
        {
            foreach (var v in result.Variants)
            {
                foreach (var run in result.RunsOf(t.Ticker, v)) Rows(t, v, run.Seed.ToString(CultureInfo.InvariantCulture), run.TestForecasts);
                Rows(t, v, "ensemble", result.Ensemble(t.Ticker, v));
            }
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Writes every run's experiment spec as JSON Lines, one spec per line in run order; <c>volnb train --spec</c>
    /// on a line (saved as a file) reproduces that run's metrics.</summary>
    /// <param name="result">A finished study.</param>
    /// <param name="path">Destination file, written atomically.</param>
    public static void WriteSpecs(AblationResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        AtomicFile.WriteAllText(path, string.Concat(result.Runs.Select(r => r.Spec.ToJson() + "\n")));
    }

    /// <summary>Names, mean test RMSE and mean directional accuracy over tickers of the baselines, then the variants' ensembles.</summary>
    internal static (string[] Names, double[] Rmse, double[] Accuracy) ComparisonColumns(AblationResult result)
    {
        var names = new List<string>();
        var (rmse, accuracy) = (new List<double>(), new List<double>());
        foreach (var name in result.Tickers[0].Baselines.Select(b => b.Name))
        {
            names.Add(name);
            rmse.Add(result.Tickers.Average(t => ForecastMetrics.Rmse(t.TestActuals, t.Baselines.Single(b => b.Name == name).Test)));
            accuracy.Add(result.Tickers.Average(t => ForecastMetrics.DirectionalAccuracy(t.TestActuals, t.Baselines.Single(b => b.Name == name).Test)));
        }

        foreach (var v in result.Variants)
        {
            names.Add($"{v} (ensemble)");
            rmse.Add(result.Tickers.Average(t => ForecastMetrics.Rmse(t.TestActuals, result.Ensemble(t.Ticker, v))));
            accuracy.Add(result.Tickers.Average(t => ForecastMetrics.DirectionalAccuracy(t.TestActuals, result.Ensemble(t.Ticker, v))));
        }

        return ([.. names], [.. rmse], [.. accuracy]);
    }

    /// <summary>Mean over seeds of the ticker-averaged metric, and its sample standard deviation across seeds (NaN for one seed).</summary>
    internal static (double Mean, double Sd) AcrossSeeds(AblationResult result, string variant, string metric) =>
        MeanAndSd([.. result.Seeds.Select(s => result.Runs.Where(r => r.Variant == variant && r.Seed == s).Average(r => r.Metrics[metric]))]);

    private static (double Mean, double Sd) MeanAndSd(double[] values)
    {
        var mean = values.Average();
        return (mean, values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : double.NaN);
    }

    private static double[,] DirectionalAccuracies(AblationResult result)
    {
        var z = new double[result.Tickers.Count, result.Variants.Count];
        for (var i = 0; i < result.Tickers.Count; i++)
        {
            for (var j = 0; j < result.Variants.Count; j++) z[i, j] = result.RunsOf(result.Tickers[i].Ticker, result.Variants[j]).Average(r => r.DirectionalAccuracy);
        }

        return z;
    }
}
