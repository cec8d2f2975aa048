using Plotly.NET;
using VolNotebooks.Charts;
using Chart = Plotly.NET.CSharp.Chart;
using VolNotebooks.Data;
using VolNotebooks.Datasets;
using VolNotebooks.Econometrics;
using VolNotebooks.Evaluation;
using VolNotebooks.Features;
using VolNotebooks.Training;

namespace VolNotebooks.Reports;

/// <summary>The charts the notebooks show, built from library types so that a notebook only calls and explains.</summary>
public static class WorkbookCharts
{
    /// <summary>Adjusted close over time, on a log axis (equal heights mean equal percentage moves).</summary>
    /// <param name="bars">The bars.</param>
    /// <param name="marks">Dated vertical lines to draw, e.g. a split or the start of the test period.</param>
    public static PlotlyChart PriceHistory(BarSeries bars, params (DateOnly Date, string Label)[] marks)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var chart = Plot.Scatter(bars.Dates.ToArray(), bars.AdjClose.ToArray(), bars.Symbol)
            .WithAxes(xType: StyleParam.AxisType.Date, yTitle: "price (log scale)", yType: StyleParam.AxisType.Log);
        foreach (var (date, label) in marks.Where(m => m.Date >= bars.FirstDate && m.Date <= bars.LastDate))
            chart = chart.WithVerticalLine(date, label);
        return PlotlyChart.Create(chart, $"{bars.Symbol} adjusted close");
    }

    /// <summary>Daily candles of the last <paramref name="days"/> bars.</summary>
    /// <param name="bars">The bars.</param>
    /// <param name="days">How many of the latest bars.</param>
    public static PlotlyChart Candles(BarSeries bars, int days = 90)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var last = bars.Slice(Math.Max(0, bars.Count - days), Math.Min(days, bars.Count));
        var chart = Plot.Candlestick(last.Dates.ToArray(), last.Open.ToArray(), last.High.ToArray(), last.Low.ToArray(), last.Close.ToArray(), bars.Symbol, showLegend: false)
            .WithAxes(xType: StyleParam.AxisType.Date, yTitle: "price");
        return PlotlyChart.Create(chart, $"{bars.Symbol}: the last {last.Count} sessions");
    }

    /// <summary>One or more dated series as lines on one chart.</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="dates">The common dates.</param>
    /// <param name="yTitle">y axis title (say the unit).</param>
    /// <param name="lines">Named series aligned with <paramref name="dates"/>.</param>
    public static PlotlyChart Lines(string title, ReadOnlySpan<DateOnly> dates, string yTitle, params (string Name, double[] Values)[] lines)
    {
        var x = dates.ToArray();
        var chart = Chart.Combine(lines.Select(l => Plot.Scatter(x, l.Values, l.Name, lineWidth: 1.2)))
            .WithAxes(xType: StyleParam.AxisType.Date, yTitle: yTitle);
        return PlotlyChart.Create(chart, title);
    }

    /// <summary>The distribution of returns against a normal with the same mean and standard deviation.</summary>
    /// <param name="returns">Daily returns (NaN ignored).</param>
    /// <param name="title">Chart title.</param>
    public static PlotlyChart ReturnDistribution(double[] returns, string title = "Daily log returns against a normal")
    {
        var stats = DescriptiveStatistics.Of(returns);
        var finite = returns.Where(double.IsFinite).ToArray();
        var (lo, hi) = (finite.Min(), finite.Max());
        var grid = Enumerable.Range(0, 301).Select(i => lo + ((hi - lo) * i / 300)).ToArray();
        var pdf = grid.Select(x => Math.Exp(-0.5 * Math.Pow((x - stats.Mean) / stats.StandardDeviation, 2)) / (stats.StandardDeviation * Math.Sqrt(2 * Math.PI))).ToArray();
        var chart = Chart.Combine([Plot.Histogram(finite, bins: 120, density: true, name: "returns"), Plot.Scatter(grid, pdf, $"normal (sd {stats.StandardDeviation:0.0000})", lineWidth: 2)])
            .WithAxes(xTitle: "log return", yTitle: "density (log scale)", yType: StyleParam.AxisType.Log, yRange: (0.01, 1.5 * pdf.Max() * 1.5));
        return PlotlyChart.Create(chart, title);
    }

    /// <summary>Autocorrelations of returns (top) and squared returns (bottom) with the white-noise 95% band.</summary>
    /// <param name="returns">Daily returns without gaps.</param>
    /// <param name="maxLag">Largest lag.</param>
    public static PlotlyChart Autocorrelations(double[] returns, int maxLag = 40)
    {
        var finite = returns.Where(double.IsFinite).ToArray();
        var lags = Enumerable.Range(1, maxLag).ToArray();
        var band = Autocorrelation.ConfidenceBand(finite.Length);
        GenericChart Panel(double[] acf, string name, string? xTitle) =>
            Plot.Bar(lags, acf, name).WithAxes(xTitle: xTitle, yTitle: "acf")
                .WithHorizontalLine(band, 0.5, maxLag + 0.5).WithHorizontalLine(-band, 0.5, maxLag + 0.5);
        var chart = Subplots.Grid(2, 1,
            [Panel(Autocorrelation.Compute(finite, maxLag), "returns", null), Panel(Autocorrelation.Compute(finite.Select(r => r * r).ToArray(), maxLag), "squared returns", "lag (days)")],
            ["returns", "squared returns"], sharedX: true);
        return PlotlyChart.Create(chart, "Autocorrelation: returns barely, squared returns strongly (volatility clustering)", height: 520);
    }

    /// <summary>Where the samples and the parts of a split lie in time: the target over forecast dates, shaded by part.</summary>
    /// <param name="data">The sequence dataset.</param>
    /// <param name="split">Its chronological split.</param>
    public static PlotlyChart SampleTimeline(SequenceDataset data, ChronologicalSplit split)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        var dates = data.Windows.Select(w => w.TargetFirstDate).ToArray();
        var chart = Plot.Scatter(dates, data.Targets, data.TargetName, color: "#444444", lineWidth: 1)
            .WithAxes(xType: StyleParam.AxisType.Date, yTitle: data.TargetName);
        void Part(IndexRange part, string color, string label)
        {
            if (part.Length == 0) return;
            chart = chart.WithBand(data.Windows[part.Start].TargetFirstDate, data.Windows[part.End - 1].TargetLastDate, color, $"{label} ({part.Length})");
        }

        Part(split.Train, "#1f77b4", "train");
        Part(split.Validation, "#ff7f0e", "validation");
        Part(split.Test, "#d62728", "test");
        var first = data.Windows[0];
        chart = chart.WithBand(first.InputStartDate, first.InputEndDate, "#2ca02c", "first input window", opacity: 0.35, top: 0.5);
        return PlotlyChart.Create(chart, $"{data.Count} samples of {data.Lookback} days: target '{data.TargetName}' by target date");
    }

    /// <summary>The parts of a split: sample counts, tensor shapes and the dates forecasts are made on.</summary>
    /// <param name="data">The sequence dataset.</param>
    /// <param name="split">Its chronological split.</param>
    public static Table SplitTable(SequenceDataset data, ChronologicalSplit split)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        var table = new Table("part", "samples", "inputs [N, L, F]", "first forecast", "last forecast", "last target day");
        foreach (var (name, part) in new[] { ("train", split.Train), ("validation", split.Validation), ("test", split.Test) })
        {
            if (part.Length == 0) continue;
            table.AddRow(name, part.Length, $"[{part.Length}, {data.Lookback}, {data.FeatureCount}]",
                data.Windows[part.Start].InputEndDate, data.Windows[part.End - 1].InputEndDate, data.Windows[part.End - 1].TargetLastDate);
        }

        return table;
    }

    /// <summary>A fitted scaler's statistics per column.</summary>
    /// <param name="scaler">The scaler.</param>
    public static Table ScalerTable(ColumnScaler scaler)
    {
        ArgumentNullException.ThrowIfNull(scaler);
        var (offset, scale) = scaler.Kind == ScalerKind.Standard ? ("mean", "std") : ("min", "range");
        var table = new Table("column", offset, scale) { Caption = $"{scaler.Kind} scaler fitted on {scaler.FittedRows} training rows" }
            .Format(offset, "0.000000").Format(scale, "0.000000");
        for (var j = 0; j < scaler.Columns.Count; j++) table.AddRow(scaler.Columns[j], scaler.Offset[j], scaler.Scale[j]);
        return table;
    }

    /// <summary>In-sample conditional volatility of fitted models against trailing realized volatility, annualized.</summary>
    /// <param name="dates">Dates of the returns the models were fitted on.</param>
    /// <param name="percentReturns">Those returns, in percent.</param>
    /// <param name="fits">Named fits on exactly these returns.</param>
    public static PlotlyChart ConditionalVolatility(ReadOnlySpan<DateOnly> dates, double[] percentReturns, params (string Name, ArchFitResult Fit)[] fits)
    {
        var annual = Math.Sqrt(RealizedVolatility.TradingDaysPerYear);
        var lines = new List<(string, double[])>
        {
            ("realized, 22 days", RealizedVolatility.CloseToClose(percentReturns, 22, annualize: true)),
        };
        lines.AddRange(fits.Select(f => (f.Name, f.Fit.ConditionalVolatility.Select(v => v * annual).ToArray())));
        return Lines("Conditional volatility of the fitted models against realized volatility", dates, "annualized volatility, %", [.. lines]);
    }

    /// <summary>Out-of-sample h-day volatility forecasts against the realized h-day volatility, by forecast date.</summary>
    /// <param name="percentReturns">Realized returns (percent), dated by <paramref name="dates"/>.</param>
    /// <param name="dates">Their dates.</param>
    /// <param name="horizon">Horizon in trading days.</param>
    /// <param name="forecasts">The models' forecasts.</param>
    public static PlotlyChart ForecastsAgainstRealized(double[] percentReturns, ReadOnlySpan<DateOnly> dates, int horizon, params VolatilityForecast[] forecasts)
    {
        var forecastDates = forecasts[0].Dates;
        var realized = RealizedTargets.CumulativeVariance(percentReturns, dates, forecastDates, horizon).Select(Math.Sqrt).ToArray();
        var chart = Chart.Combine(forecasts.Select(f => Plot.Scatter(f.Dates, f.For(horizon), f.Name, lineWidth: 1.3))
                .Prepend(Plot.Scatter(forecastDates, realized, "realized", color: "#999999", lineWidth: 1)))
            .WithAxes(xType: StyleParam.AxisType.Date, yTitle: $"{horizon}-day volatility, %");
        return PlotlyChart.Create(chart, $"{horizon}-day volatility: out-of-sample forecasts against what was realized");
    }

    /// <summary>Training and validation loss per epoch, with the best (restored) epoch marked.</summary>
    /// <param name="result">A training result.</param>
    /// <param name="lossName">The loss's name for the axis.</param>
    public static PlotlyChart TrainingHistory(TrainingResult result, string lossName = "loss")
    {
        ArgumentNullException.ThrowIfNull(result);
        var epochs = result.History.Select(e => (double)e.Epoch).ToArray();
        var chart = Chart.Combine(
            [
                Plot.Scatter(epochs, [.. result.History.Select(e => e.TrainLoss)], "train", ScatterMode.LinesAndMarkers),
                Plot.Scatter(epochs, [.. result.History.Select(e => e.ValidationLoss)], "validation", ScatterMode.LinesAndMarkers),
            ])
            .WithVerticalLine(result.BestEpoch, $"best epoch {result.BestEpoch}")
            .WithAxes(xTitle: "epoch", yTitle: lossName);
        return PlotlyChart.Create(chart, $"Training history: {result.StopReason}");
    }

    /// <summary>Permutation importances as horizontal-reading bars, largest first.</summary>
    /// <param name="importance">Feature and loss increase, as <see cref="PermutationImportance.Compute"/> returns them.</param>
    /// <param name="top">How many features to show.</param>
    public static PlotlyChart Importance(IReadOnlyList<(string Feature, double Increase)> importance, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(importance);
        var shown = importance.Take(top).ToList();
        var chart = Plot.Bar(shown.Select(p => p.Feature), [.. shown.Select(p => p.Increase)], "loss increase", showLegend: false)
            .WithAxes(yTitle: "validation loss increase");
        return PlotlyChart.Create(chart, "Permutation importance: loss increase when a feature is shuffled");
    }

    /// <summary>Forecasts against realized values as a scatter, with the 45-degree line of a perfect forecast.</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="actual">Realized values.</param>
    /// <param name="forecast">Forecasts, aligned.</param>
    /// <param name="unit">Axis unit.</param>
    public static PlotlyChart ForecastScatter(string title, double[] actual, double[] forecast, string unit)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(forecast);
        var all = actual.Concat(forecast).Where(double.IsFinite).ToArray();
        var (lo, hi) = (all.Min(), all.Max());
        var chart = Chart.Combine(
            [
                Plot.Scatter(forecast, actual, "samples", ScatterMode.Markers, markerSize: 4, opacity: 0.6),
                Plot.Scatter(new[] { lo, hi }, [lo, hi], "perfect forecast", dash: StyleParam.DrawingStyle.Dash, color: "#d62728"),
            ])
            .WithAxes(xTitle: $"forecast, {unit}", yTitle: $"realized, {unit}");
        return PlotlyChart.Create(chart, title, height: 480, width: 560);
    }

    /// <summary>One metric of several models as bars.</summary>
    /// <param name="metric">The metric's key, e.g. <c>rmse</c>.</param>
    /// <param name="models">Model names and their metrics.</param>
    public static PlotlyChart MetricBars(string metric, params (string Model, IReadOnlyDictionary<string, double> Metrics)[] models) =>
        PlotlyChart.Create(
            Plot.Bar(models.Select(m => m.Model), [.. models.Select(m => m.Metrics[metric])], metric, showLegend: false).WithAxes(yTitle: metric),
            $"Test {metric} by model", height: 360);

    /// <summary>Test metrics of several models side by side.</summary>
    /// <param name="models">Model names and their metrics (as <c>TrainingPipeline.Score</c> computes them).</param>
    public static Table MetricsTable(params (string Model, IReadOnlyDictionary<string, double> Metrics)[] models)
    {
        var names = models.SelectMany(m => m.Metrics.Keys).Distinct().ToArray();
        var table = new Table(["model", .. names]);
        foreach (var n in names) table.Format(n, "0.0000");
        foreach (var (model, metrics) in models)
            table.AddRow([model, .. names.Select(n => (object?)(metrics.TryGetValue(n, out var v) ? v : double.NaN))]);
        return table;
    }

    /// <summary>What correlation filtering kept and why it dropped the rest.</summary>
    /// <param name="selection">A correlation selection.</param>
    public static Table SelectionTable(CorrelationSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var table = new Table("feature", "kept", "dropped because of", "correlation") { Caption = $"|r| threshold {selection.Threshold}, training rows only" }
            .Format("correlation", "0.000");
        foreach (var k in selection.Kept) table.AddRow(k, "yes", "", double.NaN);
        foreach (var d in selection.Dropped) table.AddRow(d.Feature, "no", d.CorrelatedWith == d.Feature ? "constant" : d.CorrelatedWith, d.Correlation);
        return table;
    }

    /// <summary>The data summary as a table.</summary>
    /// <param name="summary">A data summary.</param>
    public static Table SummaryTable(DataSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var table = new Table("symbol", "kind", "rows", "first", "last", $"missing vs {summary.CalendarSymbol}", "ann. vol", "largest move", "on")
            .Format("ann. vol", "P1").Format("largest move", "+0.0000;-0.0000");
        foreach (var s in summary.Symbols)
            table.AddRow(s.Symbol, s.Kind.ToString().ToLowerInvariant(), s.Rows, s.First, s.Last, s.MissingDays, s.AnnualizedVolatility, s.LargestMove, s.LargestMoveDate);
        return table;
    }

    /// <summary>Descriptive statistics of named samples as a table.</summary>
    /// <param name="samples">Named samples.</param>
    public static Table StatisticsTable(params (string Name, double[] Values)[] samples)
    {
        var table = new Table("series", "n", "mean", "std", "skewness", "excess kurtosis", "Jarque-Bera", "p-value")
            .Format("mean", "0.00000").Format("std", "0.00000").Format("skewness", "0.000").Format("excess kurtosis", "0.00")
            .Format("Jarque-Bera", "0.0").Format("p-value", "0.000");
        foreach (var (name, values) in samples)
        {
            var s = DescriptiveStatistics.Of(values);
            table.AddRow(name, s.Count, s.Mean, s.StandardDeviation, s.Skewness, s.ExcessKurtosis, s.JarqueBera, s.JarqueBeraPValue);
        }

        return table;
    }
}
