using VolNotebooks.Charts;
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
    public static Figure PriceHistory(BarSeries bars, params (DateOnly Date, string Label)[] marks)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var figure = new Figure { Title = $"{bars.Symbol} adjusted close" }
            .Add(new Scatter(bars.Dates.ToArray(), bars.AdjClose.ToArray()) { Name = bars.Symbol })
            .WithAxes(new Axis { Type = AxisType.Date }, new Axis { Title = "price (log scale)", Type = AxisType.Log });
        foreach (var (date, label) in marks.Where(m => m.Date >= bars.FirstDate && m.Date <= bars.LastDate))
            figure.Add(Shape.VerticalLine(date, label));
        return figure;
    }

    /// <summary>Daily candles of the last <paramref name="days"/> bars.</summary>
    /// <param name="bars">The bars.</param>
    /// <param name="days">How many of the latest bars.</param>
    public static Figure Candles(BarSeries bars, int days = 90)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var last = bars.Slice(Math.Max(0, bars.Count - days), Math.Min(days, bars.Count));
        return new Figure { Title = $"{bars.Symbol}: the last {last.Count} sessions" }
            .Add(new Candlestick(last.Dates.ToArray(), last.Open.ToArray(), last.High.ToArray(), last.Low.ToArray(), last.Close.ToArray()) { Name = bars.Symbol, ShowLegend = false })
            .WithAxes(new Axis { Type = AxisType.Date }, new Axis { Title = "price" });
    }

    /// <summary>One or more dated series as lines on one chart.</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="dates">The common dates.</param>
    /// <param name="yTitle">y axis title (say the unit).</param>
    /// <param name="lines">Named series aligned with <paramref name="dates"/>.</param>
    public static Figure Lines(string title, ReadOnlySpan<DateOnly> dates, string yTitle, params (string Name, double[] Values)[] lines)
    {
        var x = dates.ToArray();
        var figure = new Figure { Title = title }.WithAxes(new Axis { Type = AxisType.Date }, new Axis { Title = yTitle });
        foreach (var (name, values) in lines) figure.Add(new Scatter(x, values) { Name = name, LineWidth = 1.2 });
        return figure;
    }

    /// <summary>The distribution of returns against a normal with the same mean and standard deviation.</summary>
    /// <param name="returns">Daily returns (NaN ignored).</param>
    /// <param name="title">Chart title.</param>
    public static Figure ReturnDistribution(double[] returns, string title = "Daily log returns against a normal")
    {
        var stats = DescriptiveStatistics.Of(returns);
        var finite = returns.Where(double.IsFinite).ToArray();
        var (lo, hi) = (finite.Min(), finite.Max());
        var grid = Enumerable.Range(0, 301).Select(i => lo + ((hi - lo) * i / 300)).ToArray();
        var pdf = grid.Select(x => Math.Exp(-0.5 * Math.Pow((x - stats.Mean) / stats.StandardDeviation, 2)) / (stats.StandardDeviation * Math.Sqrt(2 * Math.PI))).ToArray();
        return new Figure { Title = title }
            .Add(new Histogram(finite) { Name = "returns", Bins = 120, Density = true })
            .Add(new Scatter(grid, pdf) { Name = $"normal (sd {stats.StandardDeviation:0.0000})", LineWidth = 2 })
            .WithAxes(new Axis { Title = "log return" }, new Axis { Title = "density (log scale)", Type = AxisType.Log, Range = (0.01, 1.5 * pdf.Max() * 1.5) });
    }

    /// <summary>Autocorrelations of returns (top) and squared returns (bottom) with the white-noise 95% band.</summary>
    /// <param name="returns">Daily returns without gaps.</param>
    /// <param name="maxLag">Largest lag.</param>
    public static Figure Autocorrelations(double[] returns, int maxLag = 40)
    {
        var finite = returns.Where(double.IsFinite).ToArray();
        var lags = Enumerable.Range(1, maxLag).ToArray();
        var band = Autocorrelation.ConfidenceBand(finite.Length);
        var figure = new Figure(rows: 2, sharedX: true) { Title = "Autocorrelation: returns barely, squared returns strongly (volatility clustering)", Height = 520 };
        figure.Add(new Bar(lags, Autocorrelation.Compute(finite, maxLag)) { Name = "returns" }, row: 1)
            .Add(new Bar(lags, Autocorrelation.Compute(finite.Select(r => r * r).ToArray(), maxLag)) { Name = "squared returns" }, row: 2)
            .WithSubplotTitle("returns", 1).WithSubplotTitle("squared returns", 2)
            .WithAxes(null, new Axis { Title = "acf" }, row: 1)
            .WithAxes(new Axis { Title = "lag (days)" }, new Axis { Title = "acf" }, row: 2);
        foreach (var row in new[] { 1, 2 })
        {
            figure.Add(Shape.HorizontalLine(band, 0.5, maxLag + 0.5) with { Cell = (row, 1) });
            figure.Add(Shape.HorizontalLine(-band, 0.5, maxLag + 0.5) with { Cell = (row, 1) });
        }

        return figure;
    }

    /// <summary>Where the samples and the parts of a split lie in time: the target over forecast dates, shaded by part.</summary>
    /// <param name="data">The sequence dataset.</param>
    /// <param name="split">Its chronological split.</param>
    public static Figure SampleTimeline(SequenceDataset data, ChronologicalSplit split)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        var dates = data.Windows.Select(w => w.TargetFirstDate).ToArray();
        var figure = new Figure { Title = $"{data.Count} samples of {data.Lookback} days: target '{data.TargetName}' by target date" }
            .Add(new Scatter(dates, data.Targets) { Name = data.TargetName, Color = "#444444", LineWidth = 1 })
            .WithAxes(new Axis { Type = AxisType.Date }, new Axis { Title = data.TargetName });
        void Part(IndexRange part, string color, string label)
        {
            if (part.Length == 0) return;
            figure.Add(Shape.Band(data.Windows[part.Start].TargetFirstDate, data.Windows[part.End - 1].TargetLastDate, color, $"{label} ({part.Length})"));
        }

        Part(split.Train, "#1f77b4", "train");
        Part(split.Validation, "#ff7f0e", "validation");
        Part(split.Test, "#d62728", "test");
        var first = data.Windows[0];
        figure.Add(Shape.Band(first.InputStartDate, first.InputEndDate, "#2ca02c", "first input window") with { FillOpacity = 0.35, Y1 = 0.5 });
        return figure;
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
    public static Figure ConditionalVolatility(ReadOnlySpan<DateOnly> dates, double[] percentReturns, params (string Name, ArchFitResult Fit)[] fits)
    {
        var annual = Math.Sqrt(RealizedVolatility.TradingDaysPerYear);
        var lines = new List<(string, double[])>
        {
            ("realized, 22 days", RealizedVolatility.CloseToClose(percentReturns, 22, annualize: true)),
        };
        lines.AddRange(fits.Select(f => (f.Name, f.Fit.ConditionalVolatility.Select(v => v * annual).ToArray())));
        var figure = Lines("Conditional volatility of the fitted models against realized volatility", dates, "annualized volatility, %", [.. lines]);
        return figure;
    }

    /// <summary>Out-of-sample h-day volatility forecasts against the realized h-day volatility, by forecast date.</summary>
    /// <param name="percentReturns">Realized returns (percent), dated by <paramref name="dates"/>.</param>
    /// <param name="dates">Their dates.</param>
    /// <param name="horizon">Horizon in trading days.</param>
    /// <param name="forecasts">The models' forecasts.</param>
    public static Figure ForecastsAgainstRealized(double[] percentReturns, ReadOnlySpan<DateOnly> dates, int horizon, params VolatilityForecast[] forecasts)
    {
        var forecastDates = forecasts[0].Dates;
        var realized = RealizedTargets.CumulativeVariance(percentReturns, dates, forecastDates, horizon).Select(Math.Sqrt).ToArray();
        var figure = new Figure { Title = $"{horizon}-day volatility: out-of-sample forecasts against what was realized" }
            .Add(new Scatter(forecastDates, realized) { Name = "realized", Color = "#999999", LineWidth = 1 })
            .WithAxes(new Axis { Type = AxisType.Date }, new Axis { Title = $"{horizon}-day volatility, %" });
        foreach (var f in forecasts) figure.Add(new Scatter(f.Dates, f.For(horizon)) { Name = f.Name, LineWidth = 1.3 });
        return figure;
    }

    /// <summary>Training and validation loss per epoch, with the best (restored) epoch marked.</summary>
    /// <param name="result">A training result.</param>
    /// <param name="lossName">The loss's name for the axis.</param>
    public static Figure TrainingHistory(TrainingResult result, string lossName = "loss")
    {
        ArgumentNullException.ThrowIfNull(result);
        var epochs = result.History.Select(e => (double)e.Epoch).ToArray();
        return new Figure { Title = $"Training history: {result.StopReason}" }
            .Add(new Scatter(epochs, [.. result.History.Select(e => e.TrainLoss)]) { Name = "train", Mode = ScatterMode.LinesAndMarkers })
            .Add(new Scatter(epochs, [.. result.History.Select(e => e.ValidationLoss)]) { Name = "validation", Mode = ScatterMode.LinesAndMarkers })
            .Add(Shape.VerticalLine(result.BestEpoch, $"best epoch {result.BestEpoch}"))
            .WithAxes(new Axis { Title = "epoch" }, new Axis { Title = lossName });
    }

    /// <summary>Permutation importances as horizontal-reading bars, largest first.</summary>
    /// <param name="importance">Feature and loss increase, as <see cref="PermutationImportance.Compute"/> returns them.</param>
    /// <param name="top">How many features to show.</param>
    public static Figure Importance(IReadOnlyList<(string Feature, double Increase)> importance, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(importance);
        var shown = importance.Take(top).ToList();
        return new Figure { Title = "Permutation importance: loss increase when a feature is shuffled" }
            .Add(new Bar(shown.Select(p => p.Feature).ToArray(), [.. shown.Select(p => p.Increase)]) { Name = "loss increase", ShowLegend = false })
            .WithAxes(null, new Axis { Title = "validation loss increase" });
    }

    /// <summary>Forecasts against realized values as a scatter, with the 45-degree line of a perfect forecast.</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="actual">Realized values.</param>
    /// <param name="forecast">Forecasts, aligned.</param>
    /// <param name="unit">Axis unit.</param>
    public static Figure ForecastScatter(string title, double[] actual, double[] forecast, string unit)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(forecast);
        var all = actual.Concat(forecast).Where(double.IsFinite).ToArray();
        var (lo, hi) = (all.Min(), all.Max());
        return new Figure { Title = title, Width = 560, Height = 480 }
            .Add(new Scatter(forecast, actual) { Name = "samples", Mode = ScatterMode.Markers, MarkerSize = 4, Opacity = 0.6 })
            .Add(new Scatter(new[] { lo, hi }, [lo, hi]) { Name = "perfect forecast", Dash = "dash", Color = "#d62728" })
            .WithAxes(new Axis { Title = $"forecast, {unit}" }, new Axis { Title = $"realized, {unit}" });
    }

    /// <summary>One metric of several models as bars.</summary>
    /// <param name="metric">The metric's key, e.g. <c>rmse</c>.</param>
    /// <param name="models">Model names and their metrics.</param>
    public static Figure MetricBars(string metric, params (string Model, IReadOnlyDictionary<string, double> Metrics)[] models) =>
        new Figure { Title = $"Test {metric} by model", Height = 360 }
            .Add(new Bar(models.Select(m => m.Model).ToArray(), [.. models.Select(m => m.Metrics[metric])]) { Name = metric, ShowLegend = false })
            .WithAxes(null, new Axis { Title = metric });

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
