using VolNotebooks.Charts;

namespace VolNotebooks.Tests.Charts;

public sealed class TableTests
{
    private static Table Sample() => new Table("param", "value", "p")
        .Format("value", "0.0000").Format("p", "0.000")
        .AddRow("omega", 0.02841, 0.0001)
        .AddRow("alpha[1] <x>", 0.14649, 0.5);

    [Fact]
    public void Text_rendering_aligns_numbers_right_and_text_left()
    {
        var lines = Sample().ToText().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("param          value      p", lines[0]);
        Assert.Equal("omega         0.0284  0.000", lines[2]);
        Assert.Equal("alpha[1] <x>  0.1465  0.500", lines[3]);
    }

    [Fact]
    public void Html_rendering_escapes_and_marks_numeric_cells()
    {
        var html = Sample().ToHtml();
        Assert.Contains("<th>param</th>", html);
        Assert.Contains("alpha[1] &lt;x&gt;", html);
        Assert.Contains("<td class=\"num\" style=\"text-align:right\">0.1465</td>", html);
        Assert.Contains("| omega | 0.0284 | 0.000 |", Sample().ToMarkdown());
    }

    [Fact]
    public void Rows_must_match_the_columns()
    {
        var e = Assert.Throws<ArgumentException>(() => new Table("a", "b").AddRow(1));
        Assert.Contains("row has 1 cells but the table has 2 columns (a, b)", e.Message);
        Assert.Contains("no column 'c'", Assert.Throws<KeyNotFoundException>(() => new Table("a").Format("c", "0")).Message);
    }

    [Fact]
    public void Formatter_convention_members_exist_with_the_names_dotnet_interactive_looks_up()
    {
        var attribute = typeof(PlotlyChart).GetCustomAttributes(false).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        var formatters = ((IEnumerable<object>)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(Activator.CreateInstance(sourceType), null)!).ToList();
        var table = Sample();
        var html = formatters.Single(f => (string)f.GetType().GetProperty("MimeType")!.GetValue(f)! == "text/html"
            && (Type)f.GetType().GetProperty("Type")!.GetValue(f)! == typeof(Table));
        using var writer = new StringWriter();
        Assert.True((bool)html.GetType().GetMethod("Format")!.Invoke(html, [table, writer])!);
        Assert.Equal(table.ToHtml(), writer.ToString());
        Assert.False((bool)html.GetType().GetMethod("Format")!.Invoke(html, ["not a table", new StringWriter()])!);
    }
}
