using System.Security.Cryptography;
using System.Text.Json.Nodes;
using VolNotebooks.Testing;

namespace VolNotebooks.Cli.Tests;

public sealed class RunsCommandTests
{
    [Fact]
    public async Task Garch_records_its_fit_and_runs_list_show_and_compare_read_it_back()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "runs.db");
        string[] span = ["--start", "2015-01-02", "--end", "2019-12-31", "--storage", db];
        var (code, _, error) = await CliRunner.RunAsync(["garch", "--json", .. span]);
        Assert.True(code == 0, error);
        Assert.Contains("run 1 recorded in", error);
        (code, _, error) = await CliRunner.RunAsync(["garch", "--model", "gjr", "--dist", "t", .. span]);
        Assert.True(code == 0, error);

        var (listCode, list, listError) = await CliRunner.RunAsync("runs", "list", "--storage", db, "--json");
        Assert.True(listCode == 0, listError);
        var runs = JsonNode.Parse(list)!.AsArray();
        Assert.Equal(["gjr-t-constant", "garch-normal-constant"], runs.Select(r => r!["model"]!.GetValue<string>()));
        Assert.All(runs, r => Assert.Equal("garch", r!["kind"]!.GetValue<string>()));
        Assert.Single(JsonNode.Parse((await CliRunner.RunAsync("runs", "list", "--storage", db, "--json", "--model", "gjr-t-constant")).Output)!.AsArray());
        Assert.Empty(JsonNode.Parse((await CliRunner.RunAsync("runs", "list", "--storage", db, "--json", "--since", "2999-01-01")).Output)!.AsArray());

        var (showCode, show, _) = await CliRunner.RunAsync("runs", "show", "1", "--storage", db, "--json");
        Assert.Equal(0, showCode);
        var run = JsonNode.Parse(show)!;
        Assert.True(run["metrics"]!["loglik"]!.GetValue<double>() < 0);
        Assert.True(run["metrics"]!["alpha[1]"]!.GetValue<double>() > 0);
        Assert.Equal("SPY", run["spec"]!["ticker"]!.GetValue<string>());
        Assert.Equal(Environment.ProcessorCount, run["machine"]!["cores"]!.GetValue<int>());

        var (compareCode, compare, _) = await CliRunner.RunAsync("runs", "compare", "1", "2", "--storage", db);
        Assert.Equal(0, compareCode);
        Assert.Contains("loglik", compare);
        Assert.Contains("model: \"garch\" -> \"gjr\"", compare);
        Assert.Contains("dist: \"normal\" -> \"t\"", compare);
        Assert.DoesNotContain("ticker:", compare);
    }

    [Fact]
    public async Task No_record_leaves_the_store_untouched_and_reading_a_missing_store_is_an_error()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "runs.db");
        var (code, _, error) = await CliRunner.RunAsync("garch", "--start", "2015-01-02", "--end", "2016-12-30", "--storage", db, "--no-record");
        Assert.True(code == 0, error);
        Assert.False(File.Exists(db));
        var (listCode, _, listError) = await CliRunner.RunAsync("runs", "list", "--storage", db);
        Assert.Equal(1, listCode);
        Assert.Contains("no run store there", listError);
    }

    [Fact]
    public async Task Train_records_its_spec_history_and_the_checkpoints_sha256()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "runs.db");
        var checkpoint = Path.Combine(folder.Path, "m.ckpt");
        var (code, output, error) = await CliRunner.RunAsync(
            "train", "--model", "LSTMForecaster", "--ticker", "JPM", "--target", "return", "--epochs", "2", "--from", "2019-01-01", "--to", "2022-12-31",
            "--checkpoint", checkpoint, "--storage", db, "--json");
        Assert.True(code == 0, error);
        var trained = JsonNode.Parse(output)!;
        var id = trained["run_id"]!.GetValue<long>();
        var (showCode, show, _) = await CliRunner.RunAsync("runs", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage", db, "--json");
        Assert.Equal(0, showCode);
        var run = JsonNode.Parse(show)!;
        Assert.Equal("train", run["kind"]!.GetValue<string>());
        Assert.Equal(trained["spec"]!.ToJsonString(), run["spec"]!.ToJsonString());
        Assert.Equal(trained["metrics"]!["rmse"]!.GetValue<double>(), run["metrics"]!["rmse"]!.GetValue<double>());
        Assert.Equal(2, run["history"]!.AsArray().Count);
        var artifact = run["artifacts"]!.AsArray().Single()!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(checkpoint))), artifact["sha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_records_each_notebook_with_the_hashes_of_its_executed_copy_and_report()
    {
        using var folder = new TempFolder();
        var notebook = folder.Write("01-tiny.dib",
            "#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\",\"items\":[{\"aliases\":[],\"name\":\"csharp\"}]}}\n\n#!csharp\n\nConsole.WriteLine(6 * 7);\n");
        var db = Path.Combine(folder.Path, "runs.db");
        var results = Path.Combine(folder.Path, "out");
        var (code, _, error) = await CliRunner.RunAsync("run", notebook, "--out", results, "--storage", db);
        Assert.True(code == 0, error);
        var (_, list, _) = await CliRunner.RunAsync("runs", "list", "--storage", db, "--json");
        var id = JsonNode.Parse(list)!.AsArray().Single()!["id"]!.GetValue<long>();
        var (_, show, _) = await CliRunner.RunAsync("runs", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage", db, "--json");
        var run = JsonNode.Parse(show)!;
        Assert.Equal(("notebook", "01-tiny"), (run["kind"]!.GetValue<string>(), run["model"]!.GetValue<string>()));
        Assert.Equal(1, run["metrics"]!["succeeded"]!.GetValue<double>());
        var artifacts = run["artifacts"]!.AsArray().ToDictionary(a => Path.GetFileName(a!["path"]!.GetValue<string>()), a => a!["sha256"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(results, "01-tiny.html")))), artifacts["01-tiny.html"]);
        Assert.True(artifacts.ContainsKey("01-tiny.ipynb"));
    }
}
