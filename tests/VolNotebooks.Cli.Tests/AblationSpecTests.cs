using System.Text.Json.Nodes;
using VolNotebooks.Data;
using VolNotebooks.Reports;
using VolNotebooks.Training;

namespace VolNotebooks.Cli.Tests;

public sealed class AblationSpecTests
{
    [Fact]
    public async Task Volnb_train_on_the_specs_jsonl_line_of_ko_feat_seed_42_reproduces_that_rows_metrics_bit_for_bit()
    {
        // The notebook's files as quick mode writes them, for one ticker, two variants and two seeds with one epoch.
        var spec = AblationStudy.ResearchSpec with
        {
            Data = AblationStudy.ResearchSpec.Data with { From = new DateOnly(2018, 1, 2) },
            Training = AblationStudy.ResearchSpec.Training with { Epochs = 1 },
        };
        var result = AblationStudy.Run(MarketData.Open(), spec, ["KO"], ["raw", "feat"], [42, 43]);
        using var folder = new TempFolder();
        var specs = Path.Combine(folder.Path, "05-ablation-specs.jsonl");
        var table = Path.Combine(folder.Path, "05-ablation.csv");
        AblationReports.WriteSpecs(result, specs);
        AblationReports.ResultsTable(AblationSignificance.Rows(result)).WriteCsv(table);

        var lines = await File.ReadAllLinesAsync(specs);
        Assert.Equal(4, lines.Length);
        var line = Assert.Single(lines, l =>
        {
            var data = JsonNode.Parse(l)!;
            return data["data"]!["symbol"]!.GetValue<string>() == "KO" && data["data"]!["features"]!.GetValue<string>() == "feat" && data["seed"]!.GetValue<ulong>() == 42;
        });
        var row = (await File.ReadAllLinesAsync(table)).Select(l => l.Split(',')).Single(c => c[0] == "KO" && c[1] == "feat" && c[2] == "42");
        var specFile = Path.Combine(folder.Path, "ko-feat-42.json");
        await File.WriteAllTextAsync(specFile, line);

        var (code, output, error) = await CliRunner.RunAsync("train", "--spec", specFile, "--json");
        Assert.True(code == 0, error);
        var metrics = JsonNode.Parse(output)!["metrics"]!;
        // The CSV holds the row's numbers unrounded (round-trip format); the JSON, the rerun's: equal as doubles, bit for bit.
        Assert.Equal(double.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture), metrics["mae"]!.GetValue<double>());
        Assert.Equal(double.Parse(row[4], System.Globalization.CultureInfo.InvariantCulture), metrics["rmse"]!.GetValue<double>());
        Assert.Equal(double.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture), metrics["directional_accuracy"]!.GetValue<double>());
        var run = result.RunsOf("KO", "feat").Single(r => r.Seed == 42);
        Assert.Equal(run.Rmse, metrics["rmse"]!.GetValue<double>());
    }
}
