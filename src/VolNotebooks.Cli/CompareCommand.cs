using System.CommandLine;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Cli;

/// <summary><c>volnb compare</c>: compares the forecast columns of a CSV file against its realized column.</summary>
internal static class CompareCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("FILE") { Description = "CSV file: dates first, the realized column, and one column of forecasts per model" };
        var actual = new Option<string>("--actual") { Description = "Header of the realized-value column", Required = true, HelpName = "COLUMN" };
        var loss = new Option<string>("--loss") { Description = "mse or qlike (on variances, Patton's y/f - ln(y/f) - 1); also mae, qlike-log", DefaultValueFactory = _ => "mse" };
        var horizon = new Option<int>("--horizon") { Description = "Forecast horizon in rows (Diebold-Mariano lags h-1, Newey-West at least h-1)", DefaultValueFactory = _ => 1 };
        var level = new Option<double>("--level") { Description = "Model confidence set level alpha (0.1: the 90% set)", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { Description = "Seed of the confidence set's bootstrap", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: n, loss, models, dm, mcs, mincer_zarnowitz" };
        var command = new Command("compare", "Compare forecasts: mean losses, pairwise Diebold-Mariano tests, the model confidence set and Mincer-Zarnowitz regressions")
        {
            file, actual, loss, horizon, level, seed, json,
        };
        command.SetAction(parse => CommandErrors.Guarded(error, () => Run(
            parse.GetValue(file)!, parse.GetValue(actual)!, parse.GetValue(loss)!, parse.GetValue(horizon), parse.GetValue(level), parse.GetValue(seed), parse.GetValue(json), output)));
        return command;
    }

    internal static int Run(string path, string actual, string loss, int horizon, double level, int seed, bool json, TextWriter output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1, "--horizon");
        if (!(level > 0 && level < 1)) throw new ArgumentException($"--level {level} is not in (0, 1)");
        var lossFunction = LossFunction.Parse(loss);
        var evaluation = ForecastEvaluation.Run(ForecastTable.Load(path, actual), lossFunction, horizon, level, seed);
        output.WriteLine(json ? evaluation.ToJson() : evaluation.ToSummaryTable());
        return 0;
    }
}
