using VolNotebooks.Data;

namespace VolNotebooks.Features;

/// <summary>Every feature recipe the workbook knows, by name.</summary>
public static class FeatureRecipes
{
    /// <summary>The CNN-BiLSTM-Attention blueprint's four inputs (research 000).</summary>
    public static FeatureRecipe Blueprint { get; } = new(
        "blueprint", "research 000 (architectural blueprint)",
        "log return and 5/10/20-day close-to-close volatility (daily), as the blueprint preprocesses SPY", null, false,
        (data, symbol) =>
        {
            var panel = MarketPanel.Align([data.Load(symbol)]);
            var frame = FeatureSets.Blueprint(panel.Series[0]);
            return new RecipeFrame(frame, frame.Names, panel);
        });

    /// <summary>The LSTM volatility notebook's 53 features (research 001), filtered by correlation on training rows.</summary>
    public static FeatureRecipe Volatility { get; } = new(
        "volatility", "research 001 (LSTM volatility notebook)",
        "53 features: realized-volatility lags 1, 2, 6, 11, 16, rolling and range volatilities, volume, trend, VIX and VVIX; a 0.95 correlation filter on training rows",
        0.95, true,
        (data, symbol) =>
        {
            var panel = AlignWith(data, symbol, ["VIX", "VVIX"], MissingDayPolicy.ForwardFill);
            var frame = FeatureSets.Volatility(panel.Series[0], panel["VIX"], panel["VVIX"]);
            return new RecipeFrame(frame, frame.Names, panel);
        });

    /// <summary>The ablation study's raw variant (research 003): the log return alone.</summary>
    public static FeatureRecipe Raw { get; } = Ablation("raw", "LSTM-Raw", "the daily log return alone", needsVolume: false);

    /// <summary>The ablation study's OHLCV variant (research 003).</summary>
    public static FeatureRecipe Ohlcv { get; } = Ablation(
        "ohlcv", "LSTM-OHLCV", "log return, open-to-close return, high-low range, close position, log volume, volume change", needsVolume: true);

    /// <summary>The ablation study's engineered variant (research 003).</summary>
    public static FeatureRecipe Feat { get; } = Ablation(
        "feat", "LSTM-Feat", "log return, 20-day volatility, normalized range, volume z-score, market (SPY) return", needsVolume: true);

    /// <summary>The VIX study's VIX and VVIX features (research 002; our definition, see <see cref="FeatureSets.Vix"/>).</summary>
    public static FeatureRecipe Vix { get; } = new(
        "vix", "research 002 (VIX study)",
        "10 features of VIX and VVIX: levels, log changes, range, ratios to 5/22-day means, 5-day momentum, 22-day volatility of changes, VVIX/VIX",
        null, false,
        (data, symbol) =>
        {
            var panel = AlignWith(data, symbol, ["VIX", "VVIX"], MissingDayPolicy.ForwardFill);
            var frame = FeatureSets.Vix(panel["VIX"], panel["VVIX"]);
            return new RecipeFrame(frame, frame.Names, panel);
        });

    /// <summary>The explainable risk study's 15 features (research 004; our formulas, see <see cref="FeatureSets.Risk"/>).</summary>
    public static FeatureRecipe Risk { get; } = new(
        "risk", "research 004 (explainable volatility and VaR study)",
        "15 features: log return, high-low spread, volume over its 20-day mean, 5/22-day realized volatility (daily), VIX, and lags 1, 5, 22 of the 5-day volatility, the return and VIX",
        null, true,
        (data, symbol) =>
        {
            var panel = AlignWith(data, symbol, ["VIX"], MissingDayPolicy.ForwardFill);
            var frame = FeatureSets.Risk(panel.Series[0], panel["VIX"]);
            return new RecipeFrame(frame, frame.Names, panel);
        });

    /// <summary>All recipes, in the order <c>volnb features --list</c> prints them.</summary>
    public static IReadOnlyList<FeatureRecipe> All { get; } = [Blueprint, Volatility, Raw, Ohlcv, Feat, Vix, Risk];

    /// <summary>The recipe called <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">A recipe name.</param>
    /// <exception cref="KeyNotFoundException">No such recipe; the message lists the known ones.</exception>
    public static FeatureRecipe Get(string name) =>
        All.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"unknown feature recipe '{name}'; known: {string.Join(", ", All.Select(r => r.Name))}");

    private static FeatureRecipe Ablation(string name, string variant, string description, bool needsVolume) => new(
        name, $"research 003 (ablation study, {variant})", description, null, needsVolume,
        (data, symbol) =>
        {
            // The study joins each ticker with the market on common days; mkt_return is SPY's return that day.
            var panel = AlignWith(data, symbol, ["SPY"], MissingDayPolicy.Drop);
            var frame = FeatureSets.Ablation(panel.Series[0], panel["SPY"]);
            return new RecipeFrame(frame, FeatureSets.AblationVariants[variant], panel);
        });

    /// <summary>The symbol first, then the other series it needs (each once, even when the symbol is one of them).</summary>
    private static MarketPanel AlignWith(MarketData data, string symbol, string[] others, MissingDayPolicy policy)
    {
        var main = data.Load(symbol);
        var series = new List<BarSeries> { main };
        series.AddRange(others.Where(o => !o.Equals(main.Symbol, StringComparison.OrdinalIgnoreCase)).Select(data.Load));
        return MarketPanel.Align(series, policy);
    }
}
