using VolNotebooks.Datasets;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Training;

public sealed class AblationStudyTests
{
    // A small budget: one ticker on three years, one epoch - the mechanics, not the study's numbers.
    private static readonly ExperimentSpec Small = AblationStudy.ResearchSpec with
    {
        Data = AblationStudy.ResearchSpec.Data with { From = new DateOnly(2019, 1, 2), To = new DateOnly(2021, 12, 31) },
        Training = AblationStudy.ResearchSpec.Training with { Epochs = 1 },
    };

    [Fact]
    public void The_research_spec_is_research_003s_setup()
    {
        var spec = AblationStudy.ResearchSpec;
        Assert.Equal((TargetKind.Return, 1, 20, WindowConvention.BeforeTarget), (spec.Data.Target.Kind, spec.Data.Target.Horizon, spec.Data.Lookback, spec.Data.Window));
        Assert.Equal(new SplitSpec(0.7, 0.1), spec.Data.Split);
        Assert.Equal(new VolNotebooks.Models.LstmForecasterHyperparameters(64, 2, 0.2), spec.Model);
        var t = spec.Training;
        Assert.Equal((100, 64, 1e-3, 10, 1.0, LossKind.Mse, 0.0), (t.Epochs, t.BatchSize, t.LearningRate, t.Patience, t.ClipNorm, t.Loss, t.ReduceLearningRateFactor));
        Assert.Equal(12, AblationStudy.ResearchTickers.Count);
    }

    [Fact]
    public void The_common_window_starts_when_the_latest_listed_ticker_has_twenty_days_of_history_for_every_variant()
    {
        var (from, to) = AblationStudy.CommonWindow(TestFiles.Data, ["GOOGL", "KO"]);
        // GOOGL's first bar is 2004-08-19 (row 0, no return); roll_vol, the 20-day standard deviation of returns
        // 1..20, is the last feature to complete, on row 20.
        var googl = TestFiles.Data.Load("GOOGL");
        Assert.Equal(new DateOnly(2004, 8, 19), googl.Dates[0]);
        Assert.Equal(googl.Dates[20], from);
        Assert.Equal(new DateOnly(2023, 2, 27), to);
    }

    [Fact]
    public void Runs_are_bit_identical_serial_or_parallel_and_the_ensemble_is_the_mean_of_the_seeds()
    {
        var progress = new List<AblationProgress>();
        var serial = AblationStudy.Run(TestFiles.Data, Small, ["KO"], ["raw", "feat"], [42, 43], progress.Add);
        var parallel = AblationStudy.Run(TestFiles.Data, Small, ["KO"], ["raw", "feat"], [42, 43], maxParallelism: 2);
        Assert.Equal(4, serial.Runs.Count);
        Assert.Equal([1, 2, 3, 4], progress.Select(p => p.Completed));
        Assert.All(progress, p => Assert.Equal(4, p.Total));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal((serial.Runs[i].Variant, serial.Runs[i].Seed), (parallel.Runs[i].Variant, parallel.Runs[i].Seed));
            Assert.Equal(serial.Runs[i].TestForecasts, parallel.Runs[i].TestForecasts);
            Assert.Equal(serial.Runs[i].Metrics, parallel.Runs[i].Metrics);
        }

        Assert.Equal(["raw", "raw", "feat", "feat"], serial.Runs.Select(r => r.Variant));
        Assert.NotEqual(serial.Runs[0].TestForecasts, serial.Runs[1].TestForecasts); // the seed matters
        var runs = serial.RunsOf("KO", "feat");
        var ensemble = serial.Ensemble("KO", "feat");
        Assert.Equal(serial.Ticker("KO").TestDates.Length, ensemble.Length);
        for (var t = 0; t < ensemble.Length; t++) Assert.Equal((runs[0].TestForecasts[t] + runs[1].TestForecasts[t]) / 2, ensemble[t], 15);
    }

    [Fact]
    public void A_runs_spec_read_back_from_json_reproduces_its_metrics_bit_for_bit()
    {
        var result = AblationStudy.Run(TestFiles.Data, Small, ["KO"], ["ohlcv"], [7]);
        var run = result.Runs.Single();
        var spec = ExperimentSpec.FromJson(run.Spec.ToJson());
        Assert.Equal(("KO", "ohlcv", 7UL), (spec.Data.Symbol, spec.Data.Features, spec.Seed));
        var (_, again) = TrainingPipeline.Run(TestFiles.Data, spec);
        Assert.Equal(run.Metrics, again.Metrics);
        Assert.Equal(run.TestForecasts, again.TestForecasts);
    }

    [Fact]
    public void Every_variant_of_a_ticker_is_scored_on_the_same_test_days_and_the_baselines_on_them_too()
    {
        var result = AblationStudy.Run(TestFiles.Data, Small, ["KO"], ["raw"], [42]);
        var ko = result.Ticker("KO");
        var raw = TrainingPipeline.Prepare(TestFiles.Data, AblationStudy.SpecFor(Small, "KO", "raw", 42));
        Assert.Equal(raw.TestWindows.Select(w => w.TargetFirstDate), ko.TestDates);
        Assert.Equal(raw.TestActuals, ko.TestActuals);
        Assert.All(ko.Baselines, b => Assert.Equal(ko.TestDates.Length, b.Test.Length));
        Assert.Equal(raw.Split.Train.Length, ko.TrainingTargets.Length);
    }

    [Fact]
    public void On_the_common_window_every_variant_of_each_of_the_twelve_tickers_gives_the_same_samples()
    {
        // What AblationStudy.Run checks before training; here for the full study, so its long run cannot stop on it.
        var (from, to) = AblationStudy.CommonWindow(TestFiles.Data, AblationStudy.ResearchTickers);
        var spec = AblationStudy.ResearchSpec with { Data = AblationStudy.ResearchSpec.Data with { From = from, To = to } };
        foreach (var ticker in AblationStudy.ResearchTickers)
        {
            var prepared = AblationStudy.Variants.Select(v => TrainingPipeline.Prepare(TestFiles.Data, AblationStudy.SpecFor(spec, ticker, v, 42))).ToList();
            var dates = prepared[0].Dataset.Windows.Select(w => w.TargetFirstDate).ToArray();
            Assert.True(dates.Length > 4000, $"{ticker}: {dates.Length} samples");
            Assert.All(prepared.Skip(1), p =>
            {
                Assert.Equal(prepared[0].Split, p.Split);
                Assert.Equal(dates, p.Dataset.Windows.Select(w => w.TargetFirstDate));
            });
        }
    }
}
