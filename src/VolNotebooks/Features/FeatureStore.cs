using VolNotebooks.Data;

namespace VolNotebooks.Features;

/// <summary>Every feature set for every symbol of a data folder, built in one pass: the workbook's feature store.</summary>
/// <remarks>
/// For each equity: the volatility set (<see cref="FeatureSets.Volatility"/>) and, against the market symbol on a
/// common calendar, the ablation store (<see cref="FeatureSets.Ablation"/>). The market symbol's volatility set also
/// carries VIX and VVIX features, joined by <see cref="MarketPanel.Align"/> with the given missing-day policy.
/// </remarks>
public sealed class FeatureStore
{
    private FeatureStore(
        IReadOnlyList<BarSeries> series, IReadOnlyDictionary<string, FeatureFrame> volatility,
        IReadOnlyDictionary<string, FeatureFrame> ablation, MarketPanel marketPanel)
    {
        Series = series;
        Volatility = volatility;
        Ablation = ablation;
        MarketPanel = marketPanel;
    }

    /// <summary>Every symbol's bars as loaded.</summary>
    public IReadOnlyList<BarSeries> Series { get; }

    /// <summary>The volatility feature set per equity symbol (the market's with VIX/VVIX columns).</summary>
    public IReadOnlyDictionary<string, FeatureFrame> Volatility { get; }

    /// <summary>The ablation study's feature store per equity symbol other than the market.</summary>
    public IReadOnlyDictionary<string, FeatureFrame> Ablation { get; }

    /// <summary>The market aligned with VIX and VVIX.</summary>
    public MarketPanel MarketPanel { get; }

    /// <summary>Loads every symbol of <paramref name="data"/> and builds all features.</summary>
    /// <param name="data">The data folder.</param>
    /// <param name="market">The market symbol (SPY): its calendar anchors the VIX/VVIX join, its return is <c>mkt_return</c>.</param>
    /// <param name="missingIndexDays">How days missing in VIX/VVIX are treated (VVIX lacks 9 days in the shipped data).</param>
    public static FeatureStore Build(MarketData data, string market = "SPY", MissingDayPolicy missingIndexDays = MissingDayPolicy.ForwardFill)
    {
        ArgumentNullException.ThrowIfNull(data);
        var series = data.LoadAll();
        var bySymbol = series.ToDictionary(s => s.Symbol, StringComparer.OrdinalIgnoreCase);
        if (!bySymbol.TryGetValue(market, out var marketBars))
            throw new ArgumentException($"market symbol '{market}' is not in {data.Directory}", nameof(market));

        var indexes = series.Where(s => s.Kind == SeriesKind.Index && s.Symbol is "VIX" or "VVIX").OrderBy(s => s.Symbol == "VVIX").ToList();
        var panel = MarketPanel.Align([marketBars, .. indexes], missingIndexDays);
        var volatility = new Dictionary<string, FeatureFrame>(StringComparer.OrdinalIgnoreCase)
        {
            [market] = FeatureSets.Volatility(
                panel[market],
                indexes.Any(s => s.Symbol == "VIX") ? panel["VIX"] : null,
                indexes.Any(s => s.Symbol == "VVIX") ? panel["VVIX"] : null),
        };
        var ablation = new Dictionary<string, FeatureFrame>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in series.Where(s => s.Kind == SeriesKind.Equity && !s.Symbol.Equals(market, StringComparison.OrdinalIgnoreCase)))
        {
            volatility[s.Symbol] = FeatureSets.Volatility(s);
            var pair = MarketPanel.Align([s, marketBars]);
            ablation[s.Symbol] = FeatureSets.Ablation(pair[s.Symbol], pair[market]);
        }

        return new FeatureStore(series, volatility, ablation, panel);
    }
}
