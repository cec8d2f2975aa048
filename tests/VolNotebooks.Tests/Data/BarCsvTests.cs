using VolNotebooks.Data;
using VolNotebooks.IO;

namespace VolNotebooks.Tests.Data;

public sealed class BarCsvTests : IDisposable
{
    private const string Header = "Date,Open,High,Low,Close,AdjClose,Volume\n";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private DataFormatException Fails(string content, int minimumRows = 1)
    {
        var path = _folder.Write("BAD.csv", content);
        var e = Assert.Throws<DataFormatException>(() => BarCsv.Read(path, minimumRows: minimumRows));
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path, e.Message);
        return e;
    }

    [Fact]
    public void Reads_our_equity_schema()
    {
        var path = _folder.Write("ABC.csv", Header + "2020-01-02,10,11,9,10.5,10.4,1000\n2020-01-03,10.5,12,10,11,10.9,2000\n");
        var s = BarCsv.Read(path);
        Assert.Equal("ABC", s.Symbol);
        Assert.Equal(SeriesKind.Equity, s.Kind);
        Assert.Equal(2, s.Count);
        Assert.Equal(new DailyBar(new DateOnly(2020, 1, 3), 10.5, 12, 10, 11, 10.9, 2000), s[1]);
        Assert.Empty(s.Warnings);
    }

    [Fact]
    public void Reads_yahoo_export_with_crlf_and_skips_null_rows_with_a_warning()
    {
        var path = _folder.Write("X.csv",
            "Date,Open,High,Low,Close,Adj Close,Volume\r\n2020-01-02,1,2,0.5,1.5,1.4,10\r\n2020-01-03,null,null,null,null,null,null\r\n2020-01-06,1.5,2,1,1.8,1.7,12\r\n");
        var s = BarCsv.Read(path);
        Assert.Equal(2, s.Count);
        Assert.Equal(new DateOnly(2020, 1, 6), s.LastDate);
        var warning = Assert.Single(s.Warnings);
        Assert.Contains("skipped 1 Yahoo null row", warning);
        Assert.Contains("2020-01-03", warning);
    }

    [Fact]
    public void Reads_the_recorded_yahoo_csv_download()
    {
        // Body of the recorded v7 download (data/fixtures), which has no trailing newline.
        var body = File.ReadAllText(Path.Combine(TestFiles.Fixtures, "extracted", "v7-download-historical-AAPL-2020-01-01-to-2020-01-03.body.csv"));
        var s = BarCsv.Parse(body, "v7.csv", "AAPL");
        Assert.Equal(new DailyBar(new DateOnly(2020, 1, 2), 74.059998, 75.150002, 73.797501, 75.087502, 74.444603, 135480400), Assert.Single(s.Bars()));
    }

    [Fact]
    public void Index_schema_has_no_volume_and_adjclose_equals_close()
    {
        var path = _folder.Write("VIX.csv", "Date,Open,High,Low,Close\n2020-01-02,13,14,12,13.5\n");
        var s = BarCsv.Read(path);
        Assert.Equal(SeriesKind.Index, s.Kind);
        Assert.False(s.HasVolume);
        Assert.Equal(13.5, s.AdjClose[0]);
        var e = Assert.Throws<InvalidOperationException>(() => s.Volume.Length);
        Assert.Contains("VIX is an index series", e.Message);
    }

    [Fact]
    public void Missing_file_lists_the_csv_files_in_its_folder()
    {
        _folder.Write("SPY.csv", Header);
        var missing = Path.Combine(_folder.Path, "NOPE.csv");
        var e = Assert.Throws<DataFormatException>(() => BarCsv.Read(missing));
        Assert.Contains("file not found", e.Message);
        Assert.Contains("SPY.csv", e.Message);
    }

    [Fact]
    public void Empty_file_is_reported() => Assert.Contains("file is empty", Fails("").Message);

    [Fact]
    public void Header_only_file_is_reported() => Assert.Contains("no data rows", Fails(Header).Message);

    [Fact]
    public void Wrong_header_names_the_column()
    {
        var e = Fails("Date,Open,High,Low,Close,Adjusted,Volume\n2020-01-02,1,2,0.5,1,1,1\n");
        Assert.Equal((1, 6), (e.Line, e.Column));
        Assert.Contains("'Adjusted'", e.Message);
        Assert.Contains(":1:6:", e.Message);
    }

    [Fact]
    public void Wrong_column_count_in_header_lists_accepted_schemas()
    {
        var e = Fails("Date,Close\n2020-01-02,1\n");
        Assert.Equal(1, e.Line);
        Assert.Contains("Adj Close", e.Message);
    }

    [Fact]
    public void Unparsable_date_names_line_and_column()
    {
        var e = Fails(Header + "2020-01-02,1,2,0.5,1,1,1\n02/01/2020,1,2,0.5,1,1,1\n");
        Assert.Equal((3, 1), (e.Line, e.Column));
        Assert.Contains("unparsable date '02/01/2020'", e.Message);
    }

    [Fact]
    public void Unparsable_number_names_line_and_column()
    {
        var e = Fails(Header + "2020-01-02,1,2,abc,1,1,1\n");
        Assert.Equal((2, 4), (e.Line, e.Column));
        Assert.Contains("'abc' in column Low", e.Message);
    }

    [Fact]
    public void Unparsable_volume_is_reported()
    {
        var e = Fails(Header + "2020-01-02,1,2,0.5,1,1,12.5\n");
        Assert.Equal((2, 7), (e.Line, e.Column));
        Assert.Contains("volume", e.Message);
    }

    [Fact]
    public void Short_row_names_the_first_missing_column()
    {
        var e = Fails(Header + "2020-01-02,1,2,0.5\n");
        Assert.Equal((2, 5), (e.Line, e.Column));
        Assert.Contains("expected 7 fields, found 4", e.Message);
    }

    [Fact]
    public void Duplicate_date_names_both_lines()
    {
        var e = Fails(Header + "2020-01-02,1,2,0.5,1,1,1\n2020-01-03,1,2,0.5,1,1,1\n2020-01-03,1,2,0.5,1,1,1\n");
        Assert.Equal(4, e.Line);
        Assert.Contains("duplicate date 2020-01-03 (first on line 3)", e.Message);
    }

    [Fact]
    public void Unsorted_dates_are_reported()
    {
        var e = Fails(Header + "2020-01-03,1,2,0.5,1,1,1\n2020-01-02,1,2,0.5,1,1,1\n");
        Assert.Equal(3, e.Line);
        Assert.Contains("out of order: 2020-01-02 follows 2020-01-03 on line 2", e.Message);
    }

    [Theory]
    [InlineData("2020-01-02,0,2,0.5,1,1,1", 2, "Open")]
    [InlineData("2020-01-02,1,2,-0.5,1,1,1", 4, "Low")]
    [InlineData("2020-01-02,1,2,0.5,1,-1,1", 6, "AdjClose")]
    public void Non_positive_price_names_its_column(string row, int column, string name)
    {
        var e = Fails(Header + row + "\n");
        Assert.Equal((2, column), (e.Line, e.Column));
        Assert.Contains("must be positive", e.Message);
        Assert.Equal(name, Header.TrimEnd().Split(',')[column - 1]);
    }

    [Theory]
    [InlineData("2020-01-02,1,0.9,1.1,1,1,1", "High 0.9 is below Low 1.1")]
    [InlineData("2020-01-02,1.5,1.2,0.5,1,1,1", "High 1.2 is below Open 1.5")]
    [InlineData("2020-01-02,1,1.2,0.5,1.3,1,1", "High 1.2 is below Close 1.3")]
    [InlineData("2020-01-02,1,2,1.1,1.5,1,1", "Low 1.1 is above Open 1")]
    public void High_low_violations_are_reported(string row, string message)
    {
        var e = Fails(Header + row + "\n");
        Assert.Equal(2, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Partial_null_row_is_an_error_not_a_skip()
    {
        var e = Fails(Header + "2020-01-02,1,null,0.5,1,1,1\n");
        Assert.Equal((2, 3), (e.Line, e.Column));
    }

    [Fact]
    public void File_too_short_for_the_request_is_reported()
    {
        var e = Fails(Header + "2020-01-02,1,2,0.5,1,1,1\n", minimumRows: 61);
        Assert.Contains("too short: 1 rows, but at least 61 are needed", e.Message);
    }

    [Fact]
    public void Write_then_read_round_trips_exactly()
    {
        var original = TestFiles.Data.Load("AAPL").Slice(0, 300);
        var path = Path.Combine(_folder.Path, "AAPL.csv");
        BarCsv.Write(original, path);
        var back = BarCsv.Read(path);
        Assert.Equal(original.Bars(), back.Bars());
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
    }

    [Fact]
    public void A_failed_write_keeps_the_previous_file()
    {
        var path = _folder.Write("KEEP.csv", "good data");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("partial"u8);
            throw new InvalidOperationException("disk full");
        }));
        Assert.Equal("good data", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void A_ten_megabyte_bad_field_is_quoted_to_80_characters_with_its_length()
    {
        var e = Fails(Header + "2020-01-02," + new string('7', 10_000_000) + "x,2,1,1,1,10\n");
        Assert.Equal((2, 2), (e.Line, e.Column));
        Assert.True(e.Message.Length < 300, $"a message of {e.Message.Length} characters");
        Assert.Contains($"'{new string('7', 80)}... (10,000,001 characters)' in column Open", e.Message);
    }

    [Fact]
    public void A_file_larger_than_the_stated_limit_is_refused_before_it_is_read()
    {
        var path = Path.Combine(_folder.Path, "HUGE.csv");
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(Header));
            stream.SetLength(BarCsv.MaxFileBytes + 1); // sparse: no disk used, and a full read would take seconds
        }

        var e = Assert.Throws<DataFormatException>(() => BarCsv.Read(path));
        Assert.Contains("file is 512.0 MB; the loader reads at most 512 MB (BarCsv.MaxFileBytes)", e.Message);
    }

    [Fact]
    public void The_default_symbol_drops_case_and_the_yahoo_index_caret()
    {
        var path = _folder.Write("^vix.csv", "Date,Open,High,Low,Close\n2020-01-02,13,14,12,13.5\n");
        Assert.Equal("VIX", BarCsv.Read(path).Symbol);
    }
}
