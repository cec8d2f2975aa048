using System.Text.Json;
using System.Text.Json.Nodes;

namespace VolNotebooks.Charts;

/// <summary>The scale of an axis.</summary>
public enum AxisType
{
    /// <summary>Chosen from the data: dates give a date axis, labels a category axis, numbers a linear one.</summary>
    Auto,

    /// <summary>Linear numbers.</summary>
    Linear,

    /// <summary>Base-10 logarithmic.</summary>
    Log,

    /// <summary>Calendar dates.</summary>
    Date,

    /// <summary>Ordered labels.</summary>
    Category,
}

/// <summary>One axis: title, scale, optional fixed range and tick format.</summary>
public sealed record Axis
{
    /// <summary>Axis title.</summary>
    public string? Title { get; init; }

    /// <summary>Scale.</summary>
    public AxisType Type { get; init; } = AxisType.Auto;

    /// <summary>Fixed range (in data units; for a log axis, data units too), or automatic.</summary>
    public (double Min, double Max)? Range { get; init; }

    /// <summary>d3 tick format, e.g. <c>.1%</c> or <c>.2f</c>.</summary>
    public string? TickFormat { get; init; }
}

/// <summary>A line or rectangle drawn in data coordinates, e.g. the start of the test period.</summary>
/// <param name="Kind"><c>line</c> or <c>rect</c>.</param>
/// <param name="X0">Start x (a number or a date as day number via <see cref="Shape.VerticalLine(DateOnly, string?, string)"/>).</param>
/// <param name="X1">End x.</param>
/// <param name="Y0">Start y, in data units, or in [0, 1] of the plot height when <paramref name="YPaper"/>.</param>
/// <param name="Y1">End y.</param>
/// <param name="YPaper">Whether y is measured as a fraction of the plot height.</param>
public sealed record Shape(string Kind, ShapeX X0, ShapeX X1, double Y0, double Y1, bool YPaper)
{
    /// <summary>Line or fill colour.</summary>
    public string Color { get; init; } = "#555555";

    /// <summary>Line dash.</summary>
    public string Dash { get; init; } = "dash";

    /// <summary>Fill opacity of a rectangle.</summary>
    public double FillOpacity { get; init; } = 0.12;

    /// <summary>Optional label printed at the top of the shape.</summary>
    public string? Label { get; init; }

    /// <summary>Subplot cell (1-based row, column) the shape belongs to.</summary>
    public (int Row, int Column) Cell { get; init; } = (1, 1);

    /// <summary>A full-height vertical line at a date (a split date, the start of a test period).</summary>
    /// <param name="date">Where.</param>
    /// <param name="label">Text at its top.</param>
    /// <param name="color">Line colour.</param>
    public static Shape VerticalLine(DateOnly date, string? label = null, string color = "#555555") =>
        new("line", date, date, 0, 1, true) { Label = label, Color = color };

    /// <summary>A full-height vertical line at a number.</summary>
    /// <param name="x">Where.</param>
    /// <param name="label">Text at its top.</param>
    public static Shape VerticalLine(double x, string? label = null) => new("line", x, x, 0, 1, true) { Label = label };

    /// <summary>A full-width horizontal line at a value.</summary>
    /// <param name="y">Where.</param>
    /// <param name="x0">Left end.</param>
    /// <param name="x1">Right end.</param>
    public static Shape HorizontalLine(double y, ShapeX x0, ShapeX x1) => new("line", x0, x1, y, y, false);

    /// <summary>A shaded full-height band between two dates (e.g. a training period).</summary>
    /// <param name="from">Left edge.</param>
    /// <param name="to">Right edge.</param>
    /// <param name="color">Fill colour.</param>
    /// <param name="label">Text at its top.</param>
    public static Shape Band(DateOnly from, DateOnly to, string color, string? label = null) =>
        new("rect", from, to, 0, 1, true) { Color = color, Label = label, Dash = "solid" };
}

/// <summary>An x coordinate of a shape or annotation: a number or a date.</summary>
public readonly record struct ShapeX(double Number, DateOnly? Date)
{
    /// <summary>A numeric coordinate.</summary>
    /// <param name="x">The number.</param>
    public static implicit operator ShapeX(double x) => new(x, null);

    /// <summary>A date coordinate.</summary>
    /// <param name="date">The date.</param>
    public static implicit operator ShapeX(DateOnly date) => new(date.DayNumber, date);

    /// <summary>Position on a numeric scale (day number for dates).</summary>
    public double Position => Number;

    /// <summary>The JSON value plotly.js expects.</summary>
    public JsonNode ToJson() => Date is DateOnly d ? JsonValue.Create(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) : JsonValue.Create(Number);
}

/// <summary>Text placed at a data point.</summary>
/// <param name="X">x position.</param>
/// <param name="Y">y position.</param>
/// <param name="Text">The text.</param>
public sealed record Annotation(ShapeX X, double Y, string Text)
{
    /// <summary>Subplot cell (1-based row, column).</summary>
    public (int Row, int Column) Cell { get; init; } = (1, 1);
}

/// <summary>Colours and fonts shared by every chart of the workbook.</summary>
public sealed record Theme
{
    /// <summary>The workbook's theme.</summary>
    public static Theme Default { get; } = new();

    /// <summary>Trace colours, used in order.</summary>
    public IReadOnlyList<string> Palette { get; init; } =
        ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Font family.</summary>
    public string Font { get; init; } = "Inter, Segoe UI, Helvetica, Arial, sans-serif";

    /// <summary>Background of the plotting area.</summary>
    public string PlotBackground { get; init; } = "#ffffff";

    /// <summary>Grid line colour.</summary>
    public string Grid { get; init; } = "#e5e5e5";

    /// <summary>Text colour.</summary>
    public string Text { get; init; } = "#2a2a2a";
}

/// <summary>A chart: traces, axes, shapes and annotations, optionally on a grid of subplots.</summary>
/// <remarks>
/// Serializes to plotly.js JSON (<see cref="ToJson"/>), renders as an interactive HTML fragment or page
/// (<see cref="ToHtml"/>, <see cref="ChartPage"/>) and as a static SVG drawn from the same figure
/// (<see cref="ToSvg"/>) for viewers that run no scripts. Displays inline in Polyglot Notebooks through the
/// formatter convention (<see cref="TypeFormatterSourceAttribute"/>).
/// </remarks>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Figure
{
    private readonly List<Trace> _traces = [];
    private readonly List<Shape> _shapes = [];
    private readonly List<Annotation> _annotations = [];
    private readonly Dictionary<(int, int), (Axis X, Axis Y)> _axes = [];
    private readonly string?[,] _subplotTitles;

    /// <summary>Creates a figure with a grid of <paramref name="rows"/> x <paramref name="columns"/> subplots.</summary>
    /// <param name="rows">Subplot rows.</param>
    /// <param name="columns">Subplot columns.</param>
    /// <param name="sharedX">Whether the rows share one x axis (time series stacked above each other).</param>
    public Figure(int rows = 1, int columns = 1, bool sharedX = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        Rows = rows;
        Columns = columns;
        SharedX = sharedX;
        _subplotTitles = new string?[rows, columns];
    }

    /// <summary>Subplot rows.</summary>
    public int Rows { get; }

    /// <summary>Subplot columns.</summary>
    public int Columns { get; }

    /// <summary>Whether rows share the x axis.</summary>
    public bool SharedX { get; }

    /// <summary>Chart title.</summary>
    public string? Title { get; set; }

    /// <summary>Width in pixels of the static image and the default page size.</summary>
    public int Width { get; set; } = 900;

    /// <summary>Height in pixels.</summary>
    public int Height { get; set; } = 420;

    /// <summary>Colours and fonts.</summary>
    public Theme Theme { get; set; } = Theme.Default;

    /// <summary>The traces in drawing order.</summary>
    public IReadOnlyList<Trace> Traces => _traces;

    /// <summary>Lines and bands.</summary>
    public IReadOnlyList<Shape> Shapes => _shapes;

    /// <summary>Text annotations.</summary>
    public IReadOnlyList<Annotation> Annotations => _annotations;

    /// <summary>Adds a trace to the subplot at (<paramref name="row"/>, <paramref name="column"/>), 1-based.</summary>
    /// <param name="trace">The trace.</param>
    /// <param name="row">Subplot row.</param>
    /// <param name="column">Subplot column.</param>
    /// <returns>This figure.</returns>
    public Figure Add(Trace trace, int row = 1, int column = 1)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var (x, y) = AxisIds(row, column);
        _traces.Add(trace with { XAxis = x, YAxis = y });
        return this;
    }

    /// <summary>Adds a shape.</summary>
    /// <param name="shape">The shape.</param>
    /// <returns>This figure.</returns>
    public Figure Add(Shape shape)
    {
        AxisIds(shape.Cell.Row, shape.Cell.Column);
        _shapes.Add(shape);
        return this;
    }

    /// <summary>Adds an annotation.</summary>
    /// <param name="annotation">The annotation.</param>
    /// <returns>This figure.</returns>
    public Figure Add(Annotation annotation)
    {
        AxisIds(annotation.Cell.Row, annotation.Cell.Column);
        _annotations.Add(annotation);
        return this;
    }

    /// <summary>Sets the axes of a subplot.</summary>
    /// <param name="x">x axis.</param>
    /// <param name="y">y axis.</param>
    /// <param name="row">Subplot row.</param>
    /// <param name="column">Subplot column.</param>
    /// <returns>This figure.</returns>
    public Figure WithAxes(Axis? x = null, Axis? y = null, int row = 1, int column = 1)
    {
        AxisIds(row, column);
        var current = AxesOf(row, column);
        _axes[(row, column)] = (x ?? current.X, y ?? current.Y);
        return this;
    }

    /// <summary>Sets the title of one subplot.</summary>
    /// <param name="title">The title.</param>
    /// <param name="row">Subplot row.</param>
    /// <param name="column">Subplot column.</param>
    /// <returns>This figure.</returns>
    public Figure WithSubplotTitle(string title, int row = 1, int column = 1)
    {
        AxisIds(row, column);
        _subplotTitles[row - 1, column - 1] = title;
        return this;
    }

    /// <summary>The axes of a subplot (defaults when never set).</summary>
    /// <param name="row">Subplot row.</param>
    /// <param name="column">Subplot column.</param>
    public (Axis X, Axis Y) AxesOf(int row, int column) => _axes.TryGetValue((row, column), out var a) ? a : (new Axis(), new Axis());

    /// <summary>The title of a subplot, if any.</summary>
    /// <param name="row">Subplot row.</param>
    /// <param name="column">Subplot column.</param>
    public string? SubplotTitle(int row, int column) => _subplotTitles[row - 1, column - 1];

    /// <summary>The plotting area of a subplot as fractions of the figure: x and y domains (y measured from the bottom).</summary>
    /// <param name="row">Subplot row (1 = top).</param>
    /// <param name="column">Subplot column.</param>
    public ((double From, double To) X, (double From, double To) Y) Domain(int row, int column)
    {
        const double gapX = 0.08;
        var gapY = Rows > 1 ? (SharedX ? 0.05 : 0.12) : 0;
        var width = (1 - (gapX * (Columns - 1))) / Columns;
        var height = (1 - (gapY * (Rows - 1))) / Rows;
        var x0 = (column - 1) * (width + gapX);
        var yTop = 1 - ((row - 1) * (height + gapY));
        return ((x0, x0 + width), (yTop - height, yTop));
    }

    /// <summary>The colour a trace is drawn with: its own, or the palette's next.</summary>
    /// <param name="index">The trace's position.</param>
    public string ColorOf(int index) => _traces[index].Color ?? Theme.Palette[index % Theme.Palette.Count];

    /// <summary>The figure as a plotly.js object <c>{data, layout, config}</c>.</summary>
    public JsonObject ToJson() => PlotlyJson.Build(this);

    /// <summary>The figure as plotly.js JSON text.</summary>
    /// <param name="indented">Pretty-print.</param>
    public string ToJsonString(bool indented = false) => ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = indented });

    /// <summary>A static SVG image of the figure, drawn without a browser.</summary>
    public string ToSvg() => SvgRenderer.Render(this);

    /// <summary>An HTML fragment: a div holding the static SVG, replaced by the interactive chart once plotly.js runs.</summary>
    /// <param name="plotly">Where plotly.js comes from when the page has not loaded it (default: the CDN, the one source a
    /// notebook viewer on another machine can reach; without it the static image stays).</param>
    public string ToHtml(PlotlySource? plotly = null) => ChartPage.Fragment(this, plotly ?? PlotlySource.Cdn);

    /// <inheritdoc />
    public override string ToString() => $"Figure({Title ?? "untitled"}, {_traces.Count} traces, {Rows}x{Columns})";

    internal (string X, string Y) AxisIds(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(row, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(row, Rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(column, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(column, Columns);
        var n = ((row - 1) * Columns) + column;
        return n == 1 ? ("x", "y") : ($"x{n}", $"y{n}");
    }
}
