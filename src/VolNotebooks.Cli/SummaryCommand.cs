using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using VolNotebooks.Data;
using VolNotebooks.Features;
using VolNotebooks.IO;
using VolNotebooks.Reports;

namespace VolNotebooks.Cli;

/// <summary><c>volnb summary</c>: the main job until the notebook runner exists - loads every symbol, builds every
/// feature, and writes a data summary and the market's feature table under <c>results/</c>.</summary>
internal static class SummaryCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var data = CliApp.DataOption();
        var outFolder = new Option<string>("--out") { Description = "Folder for the results", DefaultValueFactory = _ => "results", HelpName = "DIR" };
        var command = new Command("summary", "Load every symbol, build all features, write results/data-summary.{md,csv} and results/features-SPY.csv")
        {
            data, outFolder,
        };
        command.SetAction(parse => CommandErrors.Guarded(error, () => Run(MarketData.Open(parse.GetValue(data)), parse.GetValue(outFolder)!, output)));
        return command;
    }

    internal static int Run(MarketData data, string outFolder, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        var store = FeatureStore.Build(data);
        var built = clock.Elapsed;
        var market = store.MarketPanel.Series[0];
        var summary = DataSummary.Compute(store.Series, store.Series.First(s => s.Symbol == market.Symbol));

        var features = store.Volatility[market.Symbol];
        var returns = features.Column("log_return");
        var table = features.Select(features.Names);
        foreach (var h in new[] { 1, 5, 22 })
        {
            var target = Targets.ForwardRealizedVolatility(returns, h, annualize: true);
            table.Add(target.Name, target.Values);
        }

        var complete = features.CompleteRows(features.Names);
        var trainingRows = complete.Count == 0 ? 0..0 : complete[0]..(complete[0] + (int)(complete.Count * 0.8));
        var selection = CorrelationFilter.Select(features, features.Names, trainingRows, threshold: 0.95);

        // Compute everything first, then write: a failure above leaves earlier results untouched.
        Directory.CreateDirectory(outFolder);
        var markdown = $"# Data summary\n\n{summary.ToMarkdown()}\n## Alignment of {market.Symbol} with VIX/VVIX\n\n```\n{store.MarketPanel.Describe()}\n```\n\n" +
            $"## {market.Symbol} volatility features\n\n{features.Names.Count} features, {complete.Count} complete rows; correlation filter " +
            $"(|r| > {selection.Threshold}, first 80% of complete rows) keeps {selection.Kept.Count}: {string.Join(", ", selection.Kept)}.\n\n" +
            $"Dropped: {string.Join(", ", selection.Dropped.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Feature} (~{d.CorrelatedWith}, r={d.Correlation:0.000})")))}.\n";
        AtomicFile.WriteAllText(Path.Combine(outFolder, "data-summary.md"), markdown);
        AtomicFile.WriteAllText(Path.Combine(outFolder, "data-summary.csv"), summary.ToCsv());
        var featurePath = Path.Combine(outFolder, $"features-{market.Symbol}.csv");
        table.WriteCsv(featurePath);

        output.WriteLine(summary.ToMarkdown());
        output.WriteLine(store.MarketPanel.Describe());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Built features for {store.Volatility.Count} equities ({features.Names.Count} for {market.Symbol}; ablation store for {store.Ablation.Count}) in {built.TotalMilliseconds:0} ms."));
        output.WriteLine($"Correlation filter keeps {selection.Kept.Count} of {features.Names.Count} {market.Symbol} features.");
        output.WriteLine($"Wrote {Path.GetFullPath(Path.Combine(outFolder, "data-summary.md"))}, data-summary.csv and {Path.GetFileName(featurePath)}");
        return 0;
    }
}
