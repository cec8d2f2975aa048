using VolNotebooks.Data;
using VolNotebooks.Features;

namespace VolNotebooks.Tests.Features;

public sealed class FeatureSetsTests
{
    private static readonly Lazy<MarketPanel> SpyVix = new(() =>
    {
        var data = TestFiles.Data;
        return MarketPanel.Align([data.Load("SPY"), data.Load("VIX"), data.Load("VVIX")], MissingDayPolicy.ForwardFill);
    });

    [Fact]
    public void Ohlcv_features_follow_the_ablation_study_formulas()
    {
        var bars = BarSeries.Create("T", SeriesKind.Equity,
        [
            new DailyBar(new DateOnly(2020, 1, 2), 10, 12, 9, 11, 11, 100),
            new DailyBar(new DateOnly(2020, 1, 3), 11, 11, 11, 11, 11, 300),
            new DailyBar(new DateOnly(2020, 1, 6), 11, 12, 10, 10.5, 10.5, 0),
        ]);
        // research 003: oc_return = (close-open)/open, hl_range = (high-low)/close, close_pos = (close-low)/(high-low),
        // log_vol = log(1+volume), vol_change = log(volume_t/volume_t-1).
        Assert.Equal([0.1, 0, -0.5 / 11], OhlcvFeatures.OpenToCloseReturn(bars));
        Assert.Equal([3.0 / 11, 0, 2 / 10.5], OhlcvFeatures.HighLowRange(bars));
        Assert.Equal([2.0 / 3, 0.5, 0.25], OhlcvFeatures.ClosePosition(bars)); // high = low defined as 0.5
        Assert.Equal([Math.Log(101), Math.Log(301), 0], OhlcvFeatures.LogVolume(bars));
        var change = OhlcvFeatures.VolumeChange(bars);
        Assert.True(double.IsNaN(change[0]));
        Assert.Equal(Math.Log(3), change[1], 15);
        Assert.True(double.IsNaN(change[2])); // zero volume: undefined
    }

    [Fact]
    public void Ablation_store_holds_every_variant_column_with_the_documented_definitions()
    {
        var data = TestFiles.Data;
        var pair = MarketPanel.Align([data.Load("JPM"), data.Load("SPY")]);
        var frame = FeatureSets.Ablation(pair["JPM"], pair["SPY"]);
        foreach (var columns in FeatureSets.AblationVariants.Values) Assert.All(columns, c => Assert.True(frame.Contains(c), c));
        Assert.Single(FeatureSets.AblationVariants["LSTM-Raw"]);
        Assert.Equal(6, FeatureSets.AblationVariants["LSTM-OHLCV"].Count);
        Assert.Equal(5, FeatureSets.AblationVariants["LSTM-Feat"].Count);

        var t = 1000;
        var r = Returns.Log(pair["JPM"].AdjClose);
        var window = r[(t - 19)..(t + 1)];
        var mean = window.Average();
        Assert.Equal(Math.Sqrt(window.Sum(v => (v - mean) * (v - mean)) / 19), frame["roll_vol"][t], 14);
        Assert.Equal(Math.Log(pair["SPY"].AdjClose[t] / pair["SPY"].AdjClose[t - 1]), frame["mkt_return"][t], 15);
        var range = OhlcvFeatures.HighLowRange(pair["JPM"]);
        Assert.Equal(range[t] / range[(t - 19)..(t + 1)].Average(), frame["range_norm"][t], 12);
    }

    [Fact]
    public void Cross_asset_features_demand_a_common_calendar()
    {
        var data = TestFiles.Data;
        var e = Assert.Throws<ArgumentException>(() => FeatureSets.Ablation(data.Load("JPM"), data.Load("SPY")));
        Assert.Contains("MarketPanel.Align", e.Message);
    }

    [Fact]
    public void Volatility_set_has_53_features_with_the_research_lags_first()
    {
        var panel = SpyVix.Value;
        var frame = FeatureSets.Volatility(panel["SPY"], panel["VIX"], panel["VVIX"]);
        Assert.Equal(53, frame.Names.Count);
        Assert.Equal(["rv_1d_lag_1", "rv_1d_lag_2", "rv_1d_lag_6", "rv_1d_lag_11", "rv_1d_lag_16"], frame.Names.Take(5));
        var t = 500;
        var r = Returns.Log(panel["SPY"].AdjClose);
        Assert.Equal(Math.Abs(r[t - 6]) * Math.Sqrt(252), frame["rv_1d_lag_6"][t], 14);
        Assert.Equal(panel["VIX"].Close[t] / 100, frame["vix"][t], 15);
        Assert.Equal(panel["VVIX"].Close[t] / panel["VIX"].Close[t], frame["vvix_to_vix"][t], 15);
        Assert.True(frame.DropIncomplete().RowCount > 4000);
    }

    [Fact]
    public void Every_feature_at_day_t_is_unchanged_when_later_data_is_removed()
    {
        // No look-ahead: features built from data up to day k equal the full-data features on rows 0..k, bit for bit.
        var panel = SpyVix.Value;
        var full = FeatureSets.Volatility(panel["SPY"], panel["VIX"], panel["VVIX"]);
        foreach (var k in new[] { 250, 1777, 3000 })
        {
            var cut = FeatureSets.Volatility(panel["SPY"].Slice(0, k), panel["VIX"].Slice(0, k), panel["VVIX"].Slice(0, k));
            foreach (var name in full.Names)
                Assert.True(full[name][..k].SequenceEqual(cut[name]), $"{name} at k={k} depends on later rows");
        }
    }

    [Fact]
    public void Blueprint_preprocessing_gives_daily_rolling_std_of_log_returns()
    {
        var spy = TestFiles.Data.Load("SPY");
        var frame = FeatureSets.Blueprint(spy);
        Assert.Equal(["log_return", "volatility_5d", "volatility_10d", "volatility_20d"], frame.Names);
        Assert.Equal(RealizedVolatility.CloseToClose(Returns.Log(spy.AdjClose), 10), frame["volatility_10d"].ToArray());
    }

    [Fact]
    public void Risk_set_has_the_study_15_features_computed_by_their_documented_formulas()
    {
        // research 004: returns, high-low spread, normalized volume, realized volatility, VIX, lags 1/5/22 (our formulas).
        var panel = SpyVix.Value;
        var spy = panel["SPY"];
        var frame = FeatureSets.Risk(spy, panel["VIX"]);
        Assert.Equal(15, frame.Names.Count);
        Assert.Equal(
            ["log_return", "hl_spread", "volume_norm", "rv_5", "rv_22", "vix", "rv_5_lag_1", "rv_5_lag_5", "rv_5_lag_22",
             "log_return_lag_1", "log_return_lag_5", "log_return_lag_22", "vix_lag_1", "vix_lag_5", "vix_lag_22"],
            frame.Names);

        var t = 4000;
        var r = Returns.Log(spy.AdjClose);
        Assert.Equal((spy.High[t] - spy.Low[t]) / spy.Close[t], frame["hl_spread"][t], 15);
        var volumes = Enumerable.Range(t - 19, 20).Select(i => (double)spy.Volume[i]).ToArray();
        Assert.Equal(spy.Volume[t] / volumes.Average(), frame["volume_norm"][t], 12);
        var week = r[(t - 9)..(t - 4)]; // the 5 returns ending 5 days before t
        var mean = week.Average();
        Assert.Equal(Math.Sqrt(week.Sum(v => (v - mean) * (v - mean)) / 4), frame["rv_5_lag_5"][t], 14);
        Assert.Equal(r[t - 22], frame["log_return_lag_22"][t]);
        Assert.Equal(panel["VIX"].Close[t - 1] / 100, frame["vix_lag_1"][t], 15);
    }

    [Fact]
    public void Risk_recipe_aligns_vix_on_the_symbol_calendar_and_uses_no_later_data()
    {
        var data = TestFiles.Data;
        var built = FeatureRecipes.Risk.For(data, "SPY");
        Assert.True(data.Load("SPY").Dates.SequenceEqual(built.Frame.Dates));
        Assert.Equal(15, built.Columns.Count);
        Assert.Same(FeatureRecipes.Risk, FeatureRecipes.Get("risk"));

        var panel = SpyVix.Value;
        var full = FeatureSets.Risk(panel["SPY"], panel["VIX"]);
        var cut = FeatureSets.Risk(panel["SPY"].Slice(0, 2000), panel["VIX"].Slice(0, 2000));
        foreach (var name in full.Names)
            Assert.True(full[name][..2000].SequenceEqual(cut[name]), $"{name} depends on later rows");
    }
}
