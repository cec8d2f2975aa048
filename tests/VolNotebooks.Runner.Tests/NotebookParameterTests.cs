using System.Text.Json.Nodes;

namespace VolNotebooks.Runner.Tests;

/// <summary>Parameters are typed after their defaults and injected as literals the runner builds.</summary>
// Cells redirect the process-wide Console.Out: notebooks run one at a time, never beside another test class's.
[Collection(nameof(Console))]
public sealed class NotebookParameterTests : IDisposable
{
    private const string Defaults = """
        // parameters
        var Quick = false;
        var Ticker = "SPY";
        var Epochs = 30;
        var Seed = 42UL;
        var Big = 5L;
        var Rate = 0.2;
        var Price = 1.5m;
        var Start = new DateOnly(2005, 1, 3);
        var End = DateOnly.Parse("2020-12-31");
        var Stamp = new DateTime(2020, 1, 1);
        var Step = TimeSpan.FromDays(1);
        var Day = DayOfWeek.Monday;
        DayOfWeek Other = DayOfWeek.Friday;
        var Windows = new[] { 5, 21 };
        string[] Symbols = ["SPY", "VIX"];
        var Days = new[] { DayOfWeek.Monday };
        double Typed = 1;
        var Computed = Epochs * 2;
        """;

    private readonly NotebookFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Notebook(string report) => _folder.Write("params.ipynb", new JsonObject
    {
        ["cells"] = new JsonArray(NotebookRunnerTests.Code(Defaults, "parameters"), NotebookRunnerTests.Code(report)),
        ["metadata"] = new JsonObject(),
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
    }.ToJsonString());

    private static string Result(NotebookRun run)
    {
        Assert.True(run.Succeeded, run.Failure?.ToString());
        return ((ResultOutput)run.Notebook.Cells[^1].Outputs.Single(o => o is ResultOutput)).Data["text/plain"];
    }

    [Fact]
    public async Task Every_supported_type_is_parsed_and_keeps_the_type_of_its_default()
    {
        var path = Notebook("""
            string.Join("|", Quick, Ticker, Epochs.GetType().Name, Epochs, Seed.GetType().Name, Seed, Big.GetType().Name, Rate.GetType().Name,
                Rate.ToString(System.Globalization.CultureInfo.InvariantCulture), Price.GetType().Name, Price.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Start.ToString("yyyy-MM-dd"), End.ToString("yyyy-MM-dd"), Stamp.ToString("o"), Step, Day, Other, string.Join(",", Windows),
                string.Join(",", Symbols), string.Join(",", Days), Typed.GetType().Name)
            """);
        var run = await NotebookRunner.RunAsync(path, new Dictionary<string, string>
        {
            ["Quick"] = "true", ["Ticker"] = "A\"B\\C\n", ["Epochs"] = "-7", ["Seed"] = "18446744073709551615", ["Big"] = "9000000000",
            ["Rate"] = "2.5e-3", ["Price"] = "0.1", ["Start"] = "2015-01-02", ["End"] = "2016-02-29", ["Stamp"] = "2021-03-04T05:06:07Z",
            ["Step"] = "1.02:03:04", ["Day"] = "Sunday", ["Other"] = "DayOfWeek.Tuesday", ["Windows"] = "1, 2,3", ["Symbols"] = "QQQ,IWM",
            ["Days"] = "Saturday,Sunday", ["Typed"] = "3",
        });

        Assert.Equal(
            "True|A\"B\\C\n|Int32|-7|UInt64|18446744073709551615|Int64|Double|0.0025|Decimal|0.1|2015-01-02|2016-02-29|2021-03-04T05:06:07.0000000Z|"
            + "1.02:03:04|Sunday|Tuesday|1,2,3|QQQ,IWM|Saturday,Sunday|Double", Result(run));
        Assert.Contains("var Start = new global::System.DateOnly(2015, 1, 2);", run.Notebook.Cells[1].Source);
    }

    [Theory]
    [InlineData("Epochs", "2.5", "parameter Epochs (int): '2.5' is not valid: expected a whole number from -2147483648 to 2147483647")]
    [InlineData("Epochs", "2147483648", "parameter Epochs (int)")]
    [InlineData("Epochs", "2021-01-01", "parameter Epochs (int): '2021-01-01' is not valid")]
    [InlineData("Seed", "-1", "parameter Seed (ulong)")]
    [InlineData("Rate", "1e999", "parameter Rate (double): '1e999' is not valid: expected a finite number")]
    [InlineData("Start", "2015-13-01", "parameter Start (DateOnly): '2015-13-01' is not valid: expected a date yyyy-MM-dd")]
    [InlineData("Quick", "yes", "parameter Quick (bool)")]
    [InlineData("Day", "Monday; System.Environment.Exit(3)", "parameter Day (enum DayOfWeek)")]
    [InlineData("Windows", "1,x", "parameter Windows (int[]): '1,x' is not valid: expected a whole number")]
    [InlineData("Computed", "3", "parameter Computed cannot be set with --param: its default 'Epochs * 2'")]
    public async Task An_ill_typed_value_or_an_unsettable_default_is_refused_naming_the_parameter(string name, string value, string message)
    {
        var path = Notebook("1");
        var e = await Assert.ThrowsAsync<NotebookParameterException>(() => NotebookRunner.RunAsync(path, new Dictionary<string, string> { [name] = value }));
        Assert.Contains(message, e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public async Task Code_given_as_a_date_value_is_refused_and_never_runs()
    {
        var pwned = Path.Combine(_folder.Path, "pwned.txt");
        var path = Notebook("1");
        var hostile = $"new DateOnly(2015,1,2); System.IO.File.WriteAllText(@\"{pwned}\",\"x\")";
        var e = await Assert.ThrowsAsync<NotebookParameterException>(() =>
            NotebookRunner.RunAsync(path, new Dictionary<string, string> { ["Quick"] = "true", ["Start"] = hostile }));

        Assert.Contains("parameter Start (DateOnly)", e.Message);
        Assert.False(File.Exists(pwned));
    }

    [Fact]
    public async Task Code_given_as_a_string_value_stays_a_string()
    {
        var pwned = Path.Combine(_folder.Path, "pwned.txt");
        var hostile = $"\"; System.IO.File.WriteAllText(@\"{pwned}\",\"x\"); //";
        var run = await NotebookRunner.RunAsync(Notebook("Console.Write(Ticker);"), new Dictionary<string, string> { ["Ticker"] = hostile });

        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Equal(hostile, ((StreamOutput)run.Notebook.Cells[^1].Outputs.Single()).Text);
        Assert.False(File.Exists(pwned));
    }

    [Fact]
    public async Task A_quoted_message_cuts_a_long_value_to_80_characters()
    {
        var e = await Assert.ThrowsAsync<NotebookParameterException>(() =>
            NotebookRunner.RunAsync(Notebook("1"), new Dictionary<string, string> { ["Epochs"] = new string('9', 1_000_000) }));
        Assert.True(e.Message.Length < 400, e.Message);
        Assert.Contains("(1,000,000 characters)", e.Message);
    }
}
