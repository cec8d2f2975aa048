namespace VolNotebooks.Charts;

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

    /// <summary>The palette's colour for the trace at <paramref name="index"/> (the palette repeats).</summary>
    /// <param name="index">0-based trace position.</param>
    public string ColorAt(int index) => Palette[index % Palette.Count];
}
