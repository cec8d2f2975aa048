using VolNotebooks.Data;
using VolNotebooks.Data.Yahoo;

namespace VolNotebooks.Tests.Data.Yahoo;

/// <summary>Offline tests of the Yahoo client: recorded real responses (data/fixtures, see SOURCES.md section 4)
/// served from 127.0.0.1.</summary>
public sealed class YahooFinanceClientTests
{
    private static string Body(string name) => File.ReadAllText(Path.Combine(TestFiles.Fixtures, "extracted", name + ".body.json"));

    private static readonly string AaplSplit = Body("chart-AAPL-2020-08-31-to-2020-11-07");
    private static readonly string MsftDividends = Body("historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31");
    private static readonly string NvdaSplit = Body("historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31");

    private static YahooFinanceClient Client(LoopbackServer server, int retries = 3, double timeoutSeconds = 5) => new(new YahooClientOptions
    {
        BaseAddress = server.BaseAddress,
        MaxRetries = retries,
        InitialBackoff = TimeSpan.FromMilliseconds(5),
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
    });

    [Fact]
    public async Task Reads_aapl_bars_around_the_2020_split_with_its_events()
    {
        using var server = new LoopbackServer((_, _) => new(200, AaplSplit));
        using var client = Client(server);
        var history = await client.GetDailyAsync("AAPL", new DateOnly(2020, 8, 31), new DateOnly(2020, 11, 6));

        Assert.Equal(49, history.Bars.Count);
        Assert.Equal(new DateOnly(2020, 8, 31), history.Bars.FirstDate);
        var split = Assert.Single(history.Splits);
        Assert.Equal((new DateOnly(2020, 8, 31), 4.0), (split.Date, split.Ratio));
        var dividend = Assert.Single(history.Dividends);
        Assert.Equal((new DateOnly(2020, 11, 6), 0.205), (dividend.Date, dividend.Amount));
        Assert.Equal("USD", history.Currency);
        // Post-split prices: the first bar closes at 129.04 (SOURCES.md: 124.81 -> 129.04 across the split).
        Assert.Equal(129.04, history.Bars.Close[0], 0.005);

        var request = Assert.Single(server.Requests);
        Assert.StartsWith("/v8/finance/chart/AAPL?interval=1d&events=div%7Csplit&includeAdjustedClose=true&period1=1598832000&period2=1604707200", request);
    }

    [Fact]
    public async Task Yahoo_bars_agree_with_the_shipped_file_up_to_the_later_10_for_1_split()
    {
        // The fixture was recorded in 2025, after NVDA's 10:1 split of June 2024; the shipped file is the 2023
        // vintage. So on every common day Yahoo's close is a tenth of ours and its volume ten times ours.
        using var server = new LoopbackServer((_, _) => new(200, NvdaSplit));
        using var client = Client(server);
        var history = await client.GetDailyAsync("NVDA", new DateOnly(2021, 2, 1), new DateOnly(2022, 1, 31));
        var shipped = TestFiles.Data.Load("NVDA");

        Assert.Equal(252, history.Bars.Count);
        Assert.Equal((new DateOnly(2021, 7, 20), 4.0), (history.Splits[0].Date, history.Splits[0].Ratio));
        for (var i = 0; i < history.Bars.Count; i++)
        {
            var day = shipped.IndexOf(history.Bars.Dates[i]);
            Assert.True(day >= 0, $"{history.Bars.Dates[i]} missing from NVDA.csv");
            Assert.Equal(shipped.Close[day] / 10, history.Bars.Close[i], 0.0005);
            Assert.Equal(shipped.Volume[day] * 10.0, history.Bars.Volume[i], shipped.Volume[day] * 0.002);
        }

        // The 2021 4:1 split is smooth in both (SOURCES.md: 187.80 -> 186.12 across it in the shipped file).
        var t = history.Bars.IndexOf(new DateOnly(2021, 7, 20));
        Assert.InRange(history.Bars.Close[t] / history.Bars.Close[t - 1], 0.9, 1.1);
    }

    [Fact]
    public async Task Reads_msft_dividends_and_adjusted_close_steps_on_ex_dates()
    {
        using var server = new LoopbackServer((_, _) => new(200, MsftDividends));
        using var client = Client(server);
        var history = await client.GetDailyAsync("MSFT", new DateOnly(2021, 2, 1), new DateOnly(2022, 1, 31));

        Assert.Equal(
            [(new DateOnly(2021, 2, 17), 0.56), (new DateOnly(2021, 5, 19), 0.56), (new DateOnly(2021, 8, 18), 0.56), (new DateOnly(2021, 11, 17), 0.62)],
            history.Dividends.Select(d => (d.Date, d.Amount)));
        Assert.Empty(history.Splits);
        var bars = history.Bars;
        // The adjustment factor AdjClose/Close is constant between ex-dates and steps up on each one.
        foreach (var dividend in history.Dividends)
        {
            var t = bars.IndexOf(dividend.Date);
            Assert.True(bars.AdjClose[t] / bars.Close[t] > bars.AdjClose[t - 1] / bars.Close[t - 1] + 1e-4);
        }
    }

    [Fact]
    public async Task Retries_429_and_5xx_with_backoff_then_succeeds()
    {
        using var server = new LoopbackServer((_, i) => i switch
        {
            0 => new(429, "{}", Headers: [("Retry-After", "0")]),
            1 => new(503, "unavailable"),
            _ => new(200, AaplSplit),
        });
        using var client = Client(server);
        var history = await client.GetDailyAsync("AAPL", new DateOnly(2020, 8, 31), new DateOnly(2020, 11, 6));
        Assert.Equal(49, history.Bars.Count);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Gives_up_after_the_configured_retries()
    {
        using var server = new LoopbackServer((_, _) => new(500, "boom"));
        using var client = Client(server, retries: 2);
        var e = await Assert.ThrowsAsync<YahooFinanceException>(() => client.GetDailyAsync("SPY", new DateOnly(2020, 1, 1), new DateOnly(2020, 2, 1)));
        Assert.Equal(YahooFailure.Unavailable, e.Failure);
        Assert.Contains("HTTP 500", e.Message);
        Assert.Contains("3 attempts", e.Message);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Unknown_symbol_404_is_reported_without_retrying()
    {
        const string notFound = """{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}""";
        using var server = new LoopbackServer((_, _) => new(404, notFound));
        using var client = Client(server);
        var e = await Assert.ThrowsAsync<YahooFinanceException>(() => client.GetDailyAsync("NOSUCH", new DateOnly(2020, 1, 1), new DateOnly(2020, 2, 1)));
        Assert.Equal(YahooFailure.UnknownSymbol, e.Failure);
        Assert.Contains("No data found", e.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Chart_error_with_status_200_is_an_unknown_symbol()
    {
        const string notFound = """{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}""";
        using var server = new LoopbackServer((_, _) => new(200, notFound));
        using var client = Client(server);
        var e = await Assert.ThrowsAsync<YahooFinanceException>(() => client.GetDailyAsync("NOSUCH", new DateOnly(2020, 1, 1), new DateOnly(2020, 2, 1)));
        Assert.Equal(YahooFailure.UnknownSymbol, e.Failure);
    }

    [Fact]
    public async Task Malformed_json_is_reported_with_its_position()
    {
        using var server = new LoopbackServer((_, _) => new(200, AaplSplit[..500]));
        using var client = Client(server);
        var e = await Assert.ThrowsAsync<YahooFinanceException>(() => client.GetDailyAsync("AAPL", new DateOnly(2020, 8, 31), new DateOnly(2020, 11, 6)));
        Assert.Equal(YahooFailure.MalformedResponse, e.Failure);
        Assert.Contains("malformed JSON", e.Message);
        Assert.Contains("byte", e.Message);
    }

    [Fact]
    public async Task A_slow_server_times_out_after_the_retries()
    {
        using var server = new LoopbackServer((_, _) => new(200, AaplSplit, Delay: TimeSpan.FromSeconds(3)));
        using var client = Client(server, retries: 1, timeoutSeconds: 0.2);
        var e = await Assert.ThrowsAsync<YahooFinanceException>(() => client.GetDailyAsync("AAPL", new DateOnly(2020, 8, 31), new DateOnly(2020, 11, 6)));
        Assert.Equal(YahooFailure.Timeout, e.Failure);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Save_writes_our_schema_atomically_and_a_failed_download_keeps_the_old_file()
    {
        using var folder = new TempFolder();
        using (var good = new LoopbackServer((_, _) => new(200, AaplSplit)))
        using (var client = Client(good))
        {
            var (path, history) = await client.SaveAsync("AAPL", new DateOnly(2020, 8, 31), new DateOnly(2020, 11, 6), folder.Path);
            Assert.Equal(Path.Combine(folder.Path, "AAPL.csv"), path);
            Assert.Equal(history.Bars.Bars(), BarCsv.Read(path).Bars());
        }

        var before = File.ReadAllText(Path.Combine(folder.Path, "AAPL.csv"));
        using (var broken = new LoopbackServer((_, _) => new(200, AaplSplit, TruncateAfter: 4000)))
        using (var client = Client(broken, retries: 0))
        {
            await Assert.ThrowsAsync<YahooFinanceException>(() => client.SaveAsync("AAPL", new DateOnly(2020, 8, 31), new DateOnly(2020, 11, 6), folder.Path));
        }

        Assert.Equal(before, File.ReadAllText(Path.Combine(folder.Path, "AAPL.csv")));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Parses_the_one_bar_response_with_its_adjusted_close()
    {
        var history = YahooChartParser.Parse("AAPL", Body("chart-AAPL-2020-01-01-to-2020-01-03"));
        var bar = Assert.Single(history.Bars.Bars());
        Assert.Equal(new DailyBar(new DateOnly(2020, 1, 2), 74.05999755859375, 75.1500015258789, 73.79750061035156, 75.0875015258789, 72.71607208251953, 135480400), bar);
        Assert.Equal("America/New_York", history.ExchangeTimeZone);
    }
}
