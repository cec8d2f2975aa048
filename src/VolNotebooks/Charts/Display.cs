using Deedle;
using Plotly.NET;

namespace VolNotebooks.Charts;

/// <summary>Marks a type as displayable by a formatter source, following .NET Interactive's naming convention.</summary>
/// <remarks>
/// .NET Interactive (Polyglot Notebooks) looks for an attribute class named exactly
/// <c>TypeFormatterSourceAttribute</c> with a <c>FormatterSourceType</c> property, instantiates that type, and calls
/// its public <c>CreateTypeFormatters()</c>; each returned object's <c>MimeType</c>, <c>Type</c> and
/// <c>Format(object, TextWriter)</c> are used by name. So figures and tables render inline there
/// (<c>display(fig)</c> or a trailing <c>fig</c>) without this library referencing .NET Interactive; the headless
/// runner honours the same convention.
/// </remarks>
/// <param name="formatterSourceType">The type whose <c>CreateTypeFormatters()</c> supplies the formatters.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>The type whose <c>CreateTypeFormatters()</c> supplies the formatters.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>MIME types to prefer, most preferred first.</summary>
    public string[]? PreferredMimeTypes { get; set; }
}

/// <summary>One formatter by convention: formats instances of <see cref="Type"/> as <see cref="MimeType"/>.</summary>
/// <param name="type">The type formatted.</param>
/// <param name="mimeType">The MIME type produced.</param>
/// <param name="format">Writes an instance.</param>
public sealed class DisplayFormatter(Type type, string mimeType, Func<object, string> format)
{
    /// <summary>The MIME type produced, e.g. <c>text/html</c>.</summary>
    public string MimeType { get; } = mimeType;

    /// <summary>The type formatted.</summary>
    public Type Type { get; } = type;

    /// <summary>Writes <paramref name="instance"/> in <see cref="MimeType"/>; false when it is not of <see cref="Type"/>.</summary>
    /// <param name="instance">The value to display.</param>
    /// <param name="writer">Where the formatted text goes.</param>
    public bool Format(object instance, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!Type.IsInstanceOfType(instance)) return false;
        writer.Write(format(instance));
        return true;
    }
}

/// <summary>Supplies the formatters of the workbook's displayable types: charts and tables, and the formatters the
/// headless runner uses for the packages' own types (a bare Plotly.NET <see cref="GenericChart"/>, a Deedle frame keyed
/// by dates or integers), which carry no formatter attribute of their own.</summary>
public sealed class DisplayFormatterSource
{
    /// <summary>HTML and plain-text formatters for <see cref="PlotlyChart"/>, <see cref="GenericChart"/>,
    /// <see cref="Table"/>, <see cref="FrameTable"/> and Deedle frames, and SVG for charts.</summary>
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new DisplayFormatter(typeof(PlotlyChart), "text/html", o => ((PlotlyChart)o).ToHtml()),
        new DisplayFormatter(typeof(PlotlyChart), "image/svg+xml", o => ((PlotlyChart)o).ToSvg()),
        new DisplayFormatter(typeof(PlotlyChart), "text/plain", o => o.ToString()!),
        new DisplayFormatter(typeof(GenericChart), "text/html", o => new PlotlyChart((GenericChart)o).ToHtml()),
        new DisplayFormatter(typeof(GenericChart), "image/svg+xml", o => new PlotlyChart((GenericChart)o).ToSvg()),
        new DisplayFormatter(typeof(GenericChart), "text/plain", o => new PlotlyChart((GenericChart)o).ToString()),
        new DisplayFormatter(typeof(Table), "text/html", o => ((Table)o).ToHtml()),
        new DisplayFormatter(typeof(Table), "text/plain", o => ((Table)o).ToText()),
        new DisplayFormatter(typeof(FrameTable), "text/html", o => ((FrameTable)o).ToHtml()),
        new DisplayFormatter(typeof(FrameTable), "text/plain", o => ((FrameTable)o).ToText()),
        new DisplayFormatter(typeof(Frame<DateOnly, string>), "text/html", o => FrameTable.Of((Frame<DateOnly, string>)o).ToHtml()),
        new DisplayFormatter(typeof(Frame<DateOnly, string>), "text/plain", o => FrameTable.Of((Frame<DateOnly, string>)o).ToText()),
        new DisplayFormatter(typeof(Frame<int, string>), "text/html", o => FrameTable.Of((Frame<int, string>)o).ToHtml()),
        new DisplayFormatter(typeof(Frame<int, string>), "text/plain", o => FrameTable.Of((Frame<int, string>)o).ToText()),
    ];
}
