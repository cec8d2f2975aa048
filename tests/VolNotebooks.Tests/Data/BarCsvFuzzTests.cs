using System.Text;
using FsCheck;
using FsCheck.Fluent;
using VolNotebooks.Data;

namespace VolNotebooks.Tests.Data;

/// <summary>Fuzzing: whatever bytes the CSV loader is given, it returns a series or throws a located <see cref="DataFormatException"/>.</summary>
public sealed class BarCsvFuzzTests
{
    private static byte[] Head(string symbol, int lines) =>
        Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(TestFiles.Data.PathOf(symbol)).Take(lines)) + "\n");

    private static void Parse(byte[] bytes) => BarCsv.Parse(Encoding.UTF8.GetString(bytes), "fuzz.csv", "FUZZ");

    [Theory]
    [InlineData("SPY", 1)]
    [InlineData("VIX", 2)]
    public void Mutated_real_files_parse_or_throw_a_located_data_error(string symbol, int seed) =>
        Mutations.Fuzz<DataFormatException>(Head(symbol, 40), 1500, seed, Parse);

    [Fact]
    public void Random_rows_under_a_valid_header_parse_or_throw_a_located_data_error()
    {
        var rows = Gen.ArrayOf(Gen.OneOf(
                ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
                Gen.Elements("2020-01-02", "2020-01-01", "1", "0", "-1", "1e308", "NaN", "null", "", " ", ",", "\r", "\n", "1.5E7", "99999999999999999999")))
            .Select(parts => string.Join(",", parts));
        Prop.ForAll(Gen.ArrayOf(rows).ToArbitrary(), lines =>
        {
            var text = "Date,Open,High,Low,Close,AdjClose,Volume\n" + string.Join("\n", lines);
            try
            {
                BarCsv.Parse(text, "fuzz.csv", "FUZZ");
            }
            catch (DataFormatException e)
            {
                Assert.StartsWith("fuzz.csv", e.Message);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }
}
