using System.Text.Json.Nodes;
using VolNotebooks.Training;

namespace VolNotebooks.Cli.Tests;

public sealed class TrainCommandTests
{
    [Fact]
    public async Task Train_list_names_every_model_with_its_parameter_count()
    {
        var (code, output, _) = await CliRunner.RunAsync("train", "--list");
        Assert.Equal(0, code);
        foreach (var name in new[] { "LSTMVol", "LSTMForecaster", "CnnBiLstmAttention", "CnnLstmBasic", "CnnLstmDeep", "CnnLstmBidirectional", "CnnLstmAttention", "CnnLstmMultiscale", "TransformerForecaster" })
            Assert.Contains(name, output);
    }

    [Fact]
    public async Task Train_json_reports_test_metrics_and_writes_a_checkpoint_that_loads()
    {
        using var folder = new TempFolder();
        var checkpoint = Path.Combine(folder.Path, "lstm.ckpt");
        var (code, output, error) = await CliRunner.RunAsync(
            "train", "--model", "LSTMForecaster", "--ticker", "JPM", "--target", "return", "--epochs", "2", "--from", "2015-01-01", "--seed", "7", "--checkpoint", checkpoint, "--json");
        Assert.True(code == 0, error);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(["spec", "model", "metrics", "epochs_run", "best_epoch", "seconds", "run_id"], json.Select(p => p.Key));
        Assert.Equal("JPM", json["spec"]!["data"]!["symbol"]!.GetValue<string>());
        Assert.Equal("feat", json["spec"]!["data"]!["features"]!.GetValue<string>());
        Assert.Equal("LSTMForecaster", json["model"]!.GetValue<string>());
        Assert.Equal(["rmse", "mae", "r2", "qlike", "directional_accuracy"], json["metrics"]!.AsObject().Select(p => p.Key).Take(5));
        Assert.Null(json["metrics"]!["qlike"]); // not defined for returns
        Assert.Equal(2, json["epochs_run"]!.GetValue<int>());
        var loaded = Checkpoint.Load(checkpoint);
        Assert.Equal("JPM", loaded.Spec.Data.Symbol);
        Assert.Equal(json["spec"]!.ToJsonString(), JsonNode.Parse(loaded.Spec.ToJson())!.ToJsonString());
        Assert.Equal(json["metrics"]!["rmse"]!.GetValue<double>(), loaded.Metrics["rmse"]);
    }

    [Theory]
    [InlineData("--target", "volume", "expected rv, return or vix")]
    [InlineData("--model", "Nope", "unknown model 'Nope'")]
    [InlineData("--loss", "cauchy", "expected mse, mae, huber or qlike")]
    public async Task Bad_arguments_are_usage_errors_with_a_clear_message_and_exit_code_2(string option, string value, string message)
    {
        var args = option == "--model" ? new[] { "train", option, value } : ["train", "--model", "LSTMVol", option, value];
        var (code, _, error) = await CliRunner.RunAsync(args);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }
}

public sealed class ExperimentSpecCommandTests
{
    [Theory]
    [InlineData("raw", 1)]
    [InlineData("ohlcv", 6)]
    [InlineData("feat", 5)]
    public async Task Every_ablation_recipe_trains_and_its_printed_spec_reproduces_the_metrics_bit_for_bit(string recipe, int features)
    {
        using var folder = new TempFolder();
        string[] args = ["train", "--model", "LSTMForecaster", "--features", recipe, "--target", "return", "--lookback", "20", "--epochs", "2", "--from", "2019-01-01", "--json"];
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.True(code == 0, error);
        var json = JsonNode.Parse(output)!;
        Assert.Equal(recipe, json["spec"]!["data"]!["features"]!.GetValue<string>());
        Assert.Equal(20, json["spec"]!["data"]!["lookback"]!.GetValue<int>());

        var specFile = Path.Combine(folder.Path, "spec.json");
        await File.WriteAllTextAsync(specFile, json["spec"]!.ToJsonString());
        var (again, replay, replayError) = await CliRunner.RunAsync("train", "--spec", specFile, "--json");
        Assert.True(again == 0, replayError);
        Assert.Equal(json["metrics"]!.ToJsonString(), JsonNode.Parse(replay)!["metrics"]!.ToJsonString());
        Assert.Equal(json["spec"]!.ToJsonString(), JsonNode.Parse(replay)!["spec"]!.ToJsonString());

        var prepared = TrainingPipeline.Prepare(VolNotebooks.Data.MarketData.Open(), ExperimentSpec.FromJson(json["spec"]!.ToJsonString()));
        Assert.Equal(features, prepared.Train.Features);
    }

    [Theory]
    [InlineData("\"lookback\": 20", "\"lookback\": 0", "spec.data.lookback: must be >= 2, got 0")]
    [InlineData("\"features\": \"raw\"", "\"features\": \"candles\"", "unknown feature recipe 'candles'; known: blueprint, volatility, raw, ohlcv, feat, vix")]
    [InlineData("\"lookback\": 20", "\"lookbak\": 20", "lookbak")]
    [InlineData("\"from\": \"2019-01-01\"", "\"from\": \"2030-01-01\"", "spec.data.from/to")]
    public async Task A_spec_that_cannot_run_fails_before_any_work_naming_the_field(string find, string replace, string message)
    {
        using var folder = new TempFolder();
        var spec = new ExperimentSpec
        {
            Data = new VolNotebooks.Datasets.DatasetSpec
            {
                Features = "raw", Target = new VolNotebooks.Datasets.TargetSpec(VolNotebooks.Datasets.TargetKind.Return), Lookback = 20, From = new DateOnly(2019, 1, 1),
            },
            Model = new VolNotebooks.Models.LstmForecasterHyperparameters(),
        };
        var text = spec.ToJson(indented: true).Replace("\"lookback\": 20", "\"lookback\": 20", StringComparison.Ordinal);
        Assert.Contains(find, text);
        var file = Path.Combine(folder.Path, "bad.json");
        await File.WriteAllTextAsync(file, text.Replace(find, replace, StringComparison.Ordinal));
        var (code, _, error) = await CliRunner.RunAsync("train", "--spec", file);
        Assert.Equal(1, code);
        Assert.Contains(message, error);
        Assert.DoesNotContain("epoch", error);
    }

    [Theory]
    [InlineData("--ticker VVIX --target return", "recipe 'feat' needs traded volume, and VVIX is an index series")]
    [InlineData("--ticker VIX", "recipe 'volatility' needs traded volume, and VIX is an index series")]
    [InlineData("--from 2030-01-01", "spec.data.from/to:")]
    [InlineData("--horizon 5000", "leaves 0 complete samples")]
    [InlineData("--lookback 1", "spec.data.lookback: must be >= 2, got 1")]
    public async Task Settings_that_leave_no_samples_or_need_what_a_series_lacks_name_the_setting(string options, string message)
    {
        // Issue 15's reproductions: these used to end in 'Index was out of range' or a duplicate-symbol error.
        var (code, _, error) = await CliRunner.RunAsync(["train", "--model", "LSTMVol", "--epochs", "1", .. options.Split(' ')]);
        Assert.Equal(1, code);
        Assert.Contains(message, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task The_vix_study_trains_on_the_vix_itself_with_its_own_recipe()
    {
        var (code, output, error) = await CliRunner.RunAsync("train", "--model", "CnnLstmBasic", "--ticker", "VIX", "--target", "vix", "--epochs", "1", "--from", "2022-01-01", "--json");
        Assert.True(code == 0, error);
        var spec = JsonNode.Parse(output)!["spec"]!["data"]!;
        Assert.Equal(("VIX", "vix", 30), (spec["symbol"]!.GetValue<string>(), spec["features"]!.GetValue<string>(), spec["lookback"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Features_list_names_every_recipe_with_its_source()
    {
        var (code, output, _) = await CliRunner.RunAsync("features", "--list");
        Assert.Equal(0, code);
        foreach (var recipe in new[] { "blueprint", "volatility", "raw", "ohlcv", "feat", "vix", "risk" }) Assert.Contains(recipe, output);
        Assert.Contains("research 003", output);
    }
}

public sealed class PredictCommandTests
{
    [Fact]
    public async Task A_checkpoint_loaded_in_another_process_reproduces_the_forecasts_exactly()
    {
        using var folder = new TempFolder();
        var checkpoint = Path.Combine(folder.Path, "vol.ckpt");
        var (code, _, error) = await CliRunner.RunAsync("train", "--model", "LSTMVol", "--target", "rv", "--horizon", "5", "--epochs", "1", "--from", "2018-01-01", "--checkpoint", checkpoint);
        Assert.True(code == 0, error);

        // This process: load, rebuild the data, forecast.
        var loaded = Checkpoint.Load(checkpoint);
        var prepared = TrainingPipeline.Reproduce(loaded, VolNotebooks.Data.MarketData.Open());
        var here = prepared.Unscale(loaded.Model.Predict(prepared.Test));

        // Another process: dotnet volnb.dll predict.
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "exec", typeof(CliApp).Assembly.Location, "predict", "--checkpoint", checkpoint, "--json" }) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stderr);
        var there = JsonNode.Parse(stdout)!["forecasts"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
        Assert.Equal(here, there); // bit for bit: JSON numbers round-trip doubles exactly
        Assert.Equal(prepared.Test.Count, there.Length);
    }

    [Fact]
    public async Task Predict_reports_a_missing_or_broken_checkpoint()
    {
        using var folder = new TempFolder();
        var (code, _, error) = await CliRunner.RunAsync("predict", "--checkpoint", Path.Combine(folder.Path, "none.ckpt"));
        Assert.Equal(1, code);
        Assert.Contains("checkpoint not found", error);
    }
}
