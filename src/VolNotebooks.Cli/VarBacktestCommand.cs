using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Cli;

/// <summary><c>volnb var-backtest</c>: backtests every VaR column of a CSV file against its returns column.</summary>
internal static class VarBacktestCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("FILE") { Description = "CSV: date first (yyyy-MM-dd), the returns column, every other column a VaR series (negative, in the returns' unit)" };
        var returns = new Option<string>("--returns") { Description = "Header of the returns column", Required = true, HelpName = "COLUMN" };
        var level = new Option<double>("--level") { Description = "VaR level alpha, the nominal breach probability in (0, 1); 0.01 is a 99% VaR", DefaultValueFactory = _ => 0.01 };
        level.Validators.Add(result =>
        {
            double value = result.GetValueOrDefault<double>();
            if (!(value > 0 && value < 1)) result.AddError(string.Create(CultureInfo.InvariantCulture, $"--level must lie in (0, 1); got {value}"));
        });
        var json = new Option<bool>("--json") { Description = "Print one JSON object: level, returns and, per VaR column, n, breaches, kupiec, independence, conditional_coverage, dq, traffic_light" };
        var command = new Command("var-backtest", "Backtest VaR series: Kupiec, Christoffersen independence and conditional coverage, dynamic quantile, Basel traffic light")
        {
            file, returns, level, json,
        };
        command.SetAction(parse => CommandErrors.Guarded(error, () => Run(
            parse.GetValue(file)!, parse.GetValue(returns)!, parse.GetValue(level), parse.GetValue(json), output)));
        return command;
    }

    internal static int Run(string path, string returnsColumn, double level, bool json, TextWriter output)
    {
        var table = VarSeriesCsv.Read(path, returnsColumn);
        var reports = table.VarSeries.Select(series => VarBacktest.Run(table.Returns, series, level)).ToArray();
        output.WriteLine(json ? ToJson(table, level, reports) : ToTable(table, level, reports));
        return 0;
    }

    private static string ToJson(VarSeriesCsv table, double level, VarBacktestReport[] reports)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("level", level);
            json.WriteString("returns", table.ReturnsColumn);
            json.WriteStartObject("columns");
            for (int c = 0; c < reports.Length; c++)
            {
                var r = reports[c];
                json.WriteStartObject(table.VarColumns[c]);
                json.WriteNumber("n", r.Observations);
                json.WriteNumber("breaches", r.Breaches);
                WriteTest(json, "kupiec", "lr", r.Kupiec);
                WriteTest(json, "independence", "lr", r.Independence);
                WriteTest(json, "conditional_coverage", "lr", r.ConditionalCoverage);
                WriteTest(json, "dq", "stat", r.DynamicQuantile);
                json.WriteString("traffic_light", r.TrafficLight.ToString().ToLowerInvariant());
                json.WriteNumber("quantile_loss", r.MeanQuantileLoss);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteTest(Utf8JsonWriter json, string name, string statisticName, VarTestResult test)
    {
        json.WriteStartObject(name);
        json.WriteNumber(statisticName, test.Statistic);
        json.WriteNumber("p_value", test.PValue);
        if (name == "dq") json.WriteNumber("df", test.DegreesOfFreedom);
        json.WriteEndObject();
    }

    private static string ToTable(VarSeriesCsv table, double level, VarBacktestReport[] reports)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"VaR backtests of {table.Path}: returns '{table.ReturnsColumn}', level {level} ({(1 - level) * 100:0.##}% VaR), {table.Dates[0]:yyyy-MM-dd} to {table.Dates[^1]:yyyy-MM-dd}");
        int width = Math.Max(6, table.VarColumns.Max(name => name.Length));
        text.AppendLine(c, $"{"column".PadRight(width)} {"n",6} {"breaches",8} {"rate",7} {"kupiec p",9} {"indep. p",9} {"cond. p",9} {"DQ p",9} {"traffic",7} {"q-loss",10}");
        for (int i = 0; i < reports.Length; i++)
        {
            var r = reports[i];
            text.AppendLine(c, $"{table.VarColumns[i].PadRight(width)} {r.Observations,6} {r.Breaches,8} {r.BreachRate,7:P2} {r.Kupiec.PValue,9:0.0000} {r.Independence.PValue,9:0.0000} {r.ConditionalCoverage.PValue,9:0.0000} {r.DynamicQuantile.PValue,9:0.0000} {r.TrafficLight.ToString().ToLowerInvariant(),7} {r.MeanQuantileLoss,10:0.######}");
        }
        text.Append("p-values: Kupiec POF chi2(1), Christoffersen independence chi2(1), conditional coverage chi2(2), dynamic quantile chi2(k); traffic light on the last 250 days.");
        return text.ToString();
    }
}
