using VolNotebooks.Data;

namespace VolNotebooks.Features;

/// <summary>What a recipe builds for one symbol: the feature frame, the columns it offers as inputs, and the aligned
/// market data it was built from (the symbol's bars on the frame's calendar first).</summary>
/// <param name="Frame">Features, one row per day of the symbol's calendar; each value at day t uses data up to t only.</param>
/// <param name="Columns">The candidate input columns, in order.</param>
/// <param name="Panel">The aligned series the frame was built from; <c>Panel.Series[0]</c> is the symbol's.</param>
public sealed record RecipeFrame(FeatureFrame Frame, IReadOnlyList<string> Columns, MarketPanel Panel)
{
    /// <summary>The symbol's bars on the frame's calendar.</summary>
    public BarSeries Bars => Panel.Series[0];
}

/// <summary>A named, documented way to turn a symbol's market data into input features - one of the research's feature
/// sets, chosen by name in an experiment spec (<c>volnb train --features NAME</c>, <c>volnb features --list</c>).</summary>
/// <param name="Name">The name a spec uses, e.g. <c>ohlcv</c>.</param>
/// <param name="Source">The research document it reproduces.</param>
/// <param name="Description">What the features are, in one sentence.</param>
/// <param name="DefaultCorrelationThreshold">The correlation filter its research applies (on training rows), or <see langword="null"/> for none.</param>
/// <param name="NeedsVolume">Whether it uses traded volume, which index series (VIX, VVIX) do not have.</param>
/// <param name="Build">Builds the frame for a symbol from a data folder.</param>
public sealed record FeatureRecipe(
    string Name, string Source, string Description, double? DefaultCorrelationThreshold, bool NeedsVolume,
    Func<MarketData, string, RecipeFrame> Build)
{
    /// <summary>Builds the recipe's features for <paramref name="symbol"/>.</summary>
    /// <param name="data">The data folder.</param>
    /// <param name="symbol">The symbol whose calendar and bars the features follow.</param>
    /// <exception cref="ArgumentException">The recipe needs volume and <paramref name="symbol"/> is an index series.</exception>
    public RecipeFrame For(MarketData data, string symbol)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (NeedsVolume && data.Load(symbol) is { HasVolume: false } index)
            throw new ArgumentException($"spec.data.features: recipe '{Name}' needs traded volume, and {index.Symbol} is an index series without volume; use 'blueprint' or 'vix'");
        return Build(data, symbol);
    }
}
