namespace VolNotebooks.Training;

/// <summary>Everything an ablation study produced: per ticker the shared test data and baselines, and every run in the
/// order ticker, variant, seed.</summary>
/// <param name="Variants">The variants' recipe names, in order.</param>
/// <param name="Seeds">The seeds, in order.</param>
/// <param name="Tickers">Per ticker, the test days, returns and baselines.</param>
/// <param name="Runs">Every run, ticker-major, then variant, then seed.</param>
/// <param name="Seconds">Wall time of the whole study, data preparation included.</param>
public sealed record AblationResult(
    IReadOnlyList<string> Variants, IReadOnlyList<ulong> Seeds, IReadOnlyList<AblationTicker> Tickers, IReadOnlyList<AblationRun> Runs, double Seconds)
{
    /// <summary>The runs of one ticker and variant, in seed order.</summary>
    /// <param name="ticker">A ticker of the study.</param>
    /// <param name="variant">A variant of the study.</param>
    public IReadOnlyList<AblationRun> RunsOf(string ticker, string variant) =>
        [.. Runs.Where(r => r.Ticker == ticker && r.Variant == variant)];

    /// <summary>The shared data of <paramref name="ticker"/>.</summary>
    /// <param name="ticker">A ticker of the study.</param>
    /// <exception cref="KeyNotFoundException">Not a ticker of the study.</exception>
    public AblationTicker Ticker(string ticker) =>
        Tickers.FirstOrDefault(t => t.Ticker == ticker) ?? throw new KeyNotFoundException($"{ticker} is not in the study ({string.Join(", ", Tickers.Select(t => t.Ticker))})");

    /// <summary>The seed-ensemble forecast of one ticker and variant: per test day, the mean of its seeds' forecasts
    /// (summed in seed order, so it is reproducible bit for bit).</summary>
    /// <param name="ticker">A ticker of the study.</param>
    /// <param name="variant">A variant of the study.</param>
    public double[] Ensemble(string ticker, string variant)
    {
        var runs = RunsOf(ticker, variant);
        if (runs.Count == 0) throw new KeyNotFoundException($"no runs for {ticker} / {variant}");
        var mean = new double[runs[0].TestForecasts.Length];
        foreach (var run in runs)
        {
            for (var t = 0; t < mean.Length; t++) mean[t] += run.TestForecasts[t];
        }

        for (var t = 0; t < mean.Length; t++) mean[t] /= runs.Count;
        return mean;
    }
}
