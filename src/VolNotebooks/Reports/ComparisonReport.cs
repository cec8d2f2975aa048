using Plotly.NET;
using VolNotebooks.Charts;
using Chart = Plotly.NET.CSharp.Chart;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Reports;

/// <summary>The tables and figures of a model comparison (notebook 07), built from <see cref="ForecastEvaluation"/>s of
/// aligned forecasts: the notebook decides what to compare, this class what to show.</summary>
public static class ComparisonReport
{
    /// <summary>Mean losses per model, one column per evaluation (e.g. "QLIKE 1d", "MSE 1d", "QLIKE 5d"), and whether the
    /// model is in each evaluation's model confidence set (marked "*").</summary>
    /// <param name="evaluations">Labelled evaluations over the same models (the first one's names and order are used).</param>
    public static Table LossTable(params (string Label, ForecastEvaluation Evaluation)[] evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        if (evaluations.Length == 0) throw new ArgumentException("no evaluation to tabulate", nameof(evaluations));
        var names = evaluations[0].Evaluation.Table.ModelNames;
        var columns = new List<string> { "model" };
        foreach (var (label, _) in evaluations) columns.AddRange([label, $"MCS {label}"]);
        var table = new Table([.. columns])
        {
            Caption = $"Mean losses on per-day variances (lower is better); MCS: in the {(1 - evaluations[0].Evaluation.Level) * 100:0.#}% model confidence set",
        };
        foreach (var (label, _) in evaluations) table.Format(label, "0.0000");
        foreach (var name in names)
        {
            var row = new List<object?> { name };
            foreach (var (label, evaluation) in evaluations)
            {
                var m = Array.IndexOf(evaluation.Table.ModelNames, name);
                if (m < 0) throw new ArgumentException($"evaluation '{label}' has no model '{name}'", nameof(evaluations));
                row.Add(evaluation.MeanLosses[m]);
                row.Add(evaluation.ConfidenceSet.Included(evaluation.Level).Contains(m) ? "*" : "");
            }

            table.AddRow([.. row]);
        }

        return table;
    }

    /// <summary>The model confidence set: each model's mean loss, MCS p-value, whether it is kept, and when it was eliminated.</summary>
    /// <param name="evaluation">The evaluation.</param>
    public static Table ConfidenceSetTable(ForecastEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var set = evaluation.ConfidenceSet;
        var kept = set.Included(evaluation.Level);
        var table = new Table("model", "mean loss", "MCS p-value", $"in {(1 - evaluation.Level) * 100:0.#}% set", "eliminated at step")
        {
            Caption = $"Model confidence set on {evaluation.Loss.Name} (T_max, stationary bootstrap, {set.Replications} replications)",
        }.Format("mean loss", "0.0000").Format("MCS p-value", "0.000");
        foreach (var m in set.EliminationOrder.Reverse())
        {
            var step = Array.IndexOf(set.EliminationOrder, m) + 1;
            table.AddRow(evaluation.Table.ModelNames[m], evaluation.MeanLosses[m], set.PValues[m], kept.Contains(m) ? "yes" : "no",
                step == set.EliminationOrder.Length ? "never" : step.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return table;
    }

    /// <summary>Mincer-Zarnowitz regressions of the realized variance on each model's forecast, with the Newey-West Wald test of
    /// alpha = 0, beta = 1.</summary>
    /// <param name="evaluation">The evaluation.</param>
    public static Table MincerZarnowitzTable(ForecastEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var table = new Table("model", "alpha", "beta", "R2", "Wald p (alpha=0, beta=1)")
        {
            Caption = $"Mincer-Zarnowitz: realized = alpha + beta forecast (Newey-West, {evaluation.MincerZarnowitz.FirstOrDefault(r => r is not null)?.Lags} lags)",
        }.Format("alpha", "0.000").Format("beta", "0.000").Format("R2", "0.000").Format("Wald p (alpha=0, beta=1)", "0.0000");
        for (var m = 0; m < evaluation.Table.ModelNames.Length; m++)
        {
            var r = evaluation.MincerZarnowitz[m];
            table.AddRow(evaluation.Table.ModelNames[m], r?.Alpha, r?.Beta, r?.RSquared, r?.WaldPValue);
        }

        return table;
    }

    /// <summary>[M, M]: the Diebold-Mariano statistic of row model against column model (negative: the row model has the
    /// lower mean loss), 0 on the diagonal.</summary>
    /// <param name="evaluation">The evaluation.</param>
    public static double[,] DieboldMarianoMatrix(ForecastEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var m = evaluation.Table.ModelNames.Length;
        var matrix = new double[m, m];
        for (var a = 0; a < m; a++)
        {
            for (var b = 0; b < m; b++) matrix[a, b] = a == b ? 0 : Findings.PairTest(evaluation, a, b).Statistic;
        }

        return matrix;
    }

    /// <summary>The Diebold-Mariano matrix as a heatmap: blue where the row model forecasts better (negative statistic), red
    /// where worse; |t| above about 2 is significant at 5%.</summary>
    /// <param name="evaluation">The evaluation.</param>
    /// <param name="title">Chart title.</param>
    public static PlotlyChart DieboldMarianoHeatmap(ForecastEvaluation evaluation, string title)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var names = evaluation.Table.ModelNames;
        // RdBu reversed: low (negative, the row better) blue, high red.
        var chart = Plot.Heatmap(DieboldMarianoMatrix(evaluation), names, names, colorScale: "RdBu", reverseScale: true, zMid: 0, showValues: true)
            .WithAxes(xTitle: "against (column)", yTitle: "model (row); negative = row better");
        return PlotlyChart.Create(chart, title, height: 160 + (28 * names.Length), width: 260 + (70 * names.Length));
    }

    /// <summary>The cumulative loss difference of every model against <paramref name="benchmark"/> over time: a line that
    /// falls is a model gaining on the benchmark, and a jump shows the days that decide the comparison.</summary>
    /// <param name="table">Aligned forecasts.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="benchmark">The model every other is compared with.</param>
    /// <param name="models">The models to draw, or null for all others.</param>
    public static PlotlyChart CumulativeLossDifferences(ForecastTable table, LossFunction loss, string benchmark, IReadOnlyList<string>? models = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(loss);
        var drawn = (models ?? table.ModelNames).Where(n => n != benchmark)
            .Select(n => (n, LossComparison.CumulativeDifference(table, loss, n, benchmark))).ToArray();
        return WorkbookCharts.Lines($"Cumulative {loss.Name} difference against {benchmark} (below zero: better than {benchmark})",
            table.Dates, $"sum of {loss.Name}(model) - {loss.Name}({benchmark})", drawn);
    }

    /// <summary>An earlier notebook's saved loss table (a CSV with a <c>model</c> column, as <see cref="Table.WriteCsv"/>
    /// writes it) beside this comparison's losses, for the models both hold under the same name.</summary>
    /// <param name="path">The saved CSV, e.g. <c>results/02-garch-losses.csv</c>.</param>
    /// <param name="column">Its column to show, e.g. <c>QLIKE 1d</c>.</param>
    /// <param name="evaluation">This comparison's evaluation to set beside it.</param>
    /// <param name="label">What the saved numbers are, e.g. "notebook 02".</param>
    /// <returns>The table; with no rows and a caption saying so when the earlier notebook has not saved its file yet.</returns>
    /// <exception cref="ArgumentException">The file has no such column, or no model in common.</exception>
    public static Table PriorLosses(string path, string column, ForecastEvaluation evaluation, string label)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        if (!File.Exists(path))
            return new Table("model", $"{column} ({label})") { Caption = $"{Path.GetFileName(path)} is not there yet: run {label} first to see its losses here" };
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).Select(SplitCsv).ToArray();
        var index = Array.IndexOf(lines[0], column);
        if (index < 0) throw new ArgumentException($"{Path.GetFileName(path)} has no column '{column}'; it has {string.Join(", ", lines[0])}", nameof(column));
        var table = new Table("model", $"{column} ({label})", $"{evaluation.Loss.Name} here")
        {
            Caption = $"{label}'s saved {column} beside this comparison's (test periods and units may differ: read the levels, compare the ranking)",
        }.Format($"{column} ({label})", "0.0000").Format($"{evaluation.Loss.Name} here", "0.0000");
        foreach (var row in lines.Skip(1))
        {
            var m = Array.IndexOf(evaluation.Table.ModelNames, row[0]);
            if (m >= 0) table.AddRow(row[0], double.Parse(row[index], System.Globalization.CultureInfo.InvariantCulture), evaluation.MeanLosses[m]);
        }

        return table.Rows.Count > 0 ? table : throw new ArgumentException($"no model of {Path.GetFileName(path)} is in this comparison", nameof(evaluation));
    }

    // Splits one CSV line on commas outside double quotes (Table.WriteCsv quotes names holding a comma).
    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else field.Append(c);
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    /// <summary>Mean losses per model within each regime (e.g. calm and stressed days, one calendar year), with the number of
    /// days in it.</summary>
    /// <param name="table">Aligned forecasts.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="regimes">Named row masks over the table's rows.</param>
    public static Table RegimeTable(ForecastTable table, LossFunction loss, params (string Name, bool[] Rows)[] regimes)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(regimes);
        var columns = new List<string> { "model" };
        columns.AddRange(regimes.Select(r => $"{r.Name} ({r.Rows.Count(x => x)} days)"));
        var result = new Table([.. columns]) { Caption = $"Mean {loss.Name} by regime (lower is better)" };
        foreach (var c in columns.Skip(1)) result.Format(c, "0.0000");
        var means = regimes.Select(r => LossComparison.MeanLosses(table, loss, r.Rows)).ToArray();
        for (var m = 0; m < table.ModelNames.Length; m++)
            result.AddRow([table.ModelNames[m], .. means.Select(v => (object?)v[m])]);
        return result;
    }
}
