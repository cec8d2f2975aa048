using System.Text;
using VolNotebooks.Data.Yahoo;

namespace VolNotebooks.Tests.Data.Yahoo;

/// <summary>Fuzzing: whatever the chart endpoint returns, the parser gives a history or a <see cref="YahooFinanceException"/>.</summary>
public sealed class YahooChartParserFuzzTests
{
    [Theory]
    [InlineData("chart-AAPL-2020-01-01-to-2020-01-03.json", 1)]
    [InlineData("chart-AAPL-2020-08-31-to-2020-11-07.json", 2)]
    public void Mutated_recorded_responses_parse_or_throw_a_yahoo_error(string fixture, int seed)
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestFiles.Fixtures, fixture));
        Mutations.Fuzz<YahooFinanceException>(bytes, 1000, seed, mutant => YahooChartParser.Parse("AAPL", Encoding.UTF8.GetString(mutant)));
    }
}
