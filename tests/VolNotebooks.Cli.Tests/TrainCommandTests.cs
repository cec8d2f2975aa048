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
        Assert.Equal(["model", "metrics", "epochs_run", "seconds"], json.Select(p => p.Key));
        Assert.Equal("LSTMForecaster", json["model"]!.GetValue<string>());
        Assert.Equal(["rmse", "mae", "r2", "qlike", "directional_accuracy"], json["metrics"]!.AsObject().Select(p => p.Key).Take(5));
        Assert.Null(json["metrics"]!["qlike"]); // not defined for returns
        Assert.Equal(2, json["epochs_run"]!.GetValue<int>());
        var loaded = Checkpoint.Load(checkpoint);
        Assert.Equal("JPM", loaded.Configuration["ticker"]);
        Assert.Equal(json["metrics"]!["rmse"]!.GetValue<double>(), loaded.Metrics["rmse"]);
    }

    [Theory]
    [InlineData("--target", "volume", "expected rv, return or vix")]
    [InlineData("--model", "Nope", "unknown model 'Nope'")]
    [InlineData("--loss", "cauchy", "expected mse, mae, huber or qlike")]
    public async Task Bad_arguments_get_a_clear_error(string option, string value, string message)
    {
        var args = option == "--model" ? new[] { "train", option, value } : ["train", "--model", "LSTMVol", option, value];
        var (code, _, error) = await CliRunner.RunAsync(args);
        Assert.Equal(1, code);
        Assert.Contains(message, error);
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
        var here = prepared.Unscale(loaded.Model.Predict(prepared.Test.Inputs, prepared.Test.TimeSteps));

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
