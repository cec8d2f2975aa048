using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;

namespace VolNotebooks.Charts;

/// <summary>Places Plotly.NET charts on a grid of subplots with explicit axis domains, each cell keeping its axes,
/// shapes and annotations.</summary>
/// <remarks>Plotly.NET's <c>Chart.Grid</c> leaves the domains to plotly.js (<c>layout.grid</c>) and keeps a cell's
/// shapes on the first axes; here cell n (row-major, 1-based) gets axes <c>x{n}</c>/<c>y{n}</c> (<c>x</c>/<c>y</c> for
/// the first) with their domain written out, and its marks move with it, so the static image draws the same grid.</remarks>
public static class Subplots
{
    /// <summary>A grid of <paramref name="rows"/> x <paramref name="columns"/> subplots.</summary>
    /// <param name="rows">Subplot rows.</param>
    /// <param name="columns">Subplot columns.</param>
    /// <param name="cells">The charts in row-major order (top left first); fewer than rows x columns leaves cells empty.</param>
    /// <param name="titles">A title above each cell, in the same order (<see langword="null"/> entries for none).</param>
    /// <param name="sharedX">Whether the rows share one x axis per column (time series stacked above each other): only
    /// the bottom row shows x tick labels, and zooming one zooms all.</param>
    public static GenericChart Grid(int rows, int columns, IReadOnlyList<GenericChart> cells, IReadOnlyList<string?>? titles = null, bool sharedX = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count > rows * columns) throw new ArgumentException($"{cells.Count} charts do not fit a {rows} x {columns} grid", nameof(cells));
        if (titles is not null && titles.Count > cells.Count) throw new ArgumentException($"{titles.Count} titles for {cells.Count} charts", nameof(titles));

        var traces = new List<Trace>();
        var layout = new Layout();
        var shapes = new List<Shape>();
        var annotations = new List<Annotation>();
        for (var n = 1; n <= cells.Count; n++)
        {
            var (row, column) = (((n - 1) / columns) + 1, ((n - 1) % columns) + 1);
            var (xId, yId) = AxisIds(n);
            var cell = cells[n - 1];
            foreach (var trace in GenericChart.getTraces(cell))
            {
                trace.SetProperty("xaxis", xId);
                trace.SetProperty("yaxis", yId);
                traces.Add(trace);
            }

            var cellLayout = GenericChart.getLayout(cell);
            var (xDomain, yDomain) = Domain(rows, columns, sharedX, row, column);
            var x = ChartLayout.AxisOf(cellLayout, "xaxis");
            x.SetProperty("domain", new[] { xDomain.From, xDomain.To });
            x.SetProperty("anchor", yId);
            if (sharedX && row < rows)
            {
                x.SetProperty("matches", AxisIds(((rows - 1) * columns) + column).X);
                x.SetProperty("showticklabels", false);
            }

            var y = ChartLayout.AxisOf(cellLayout, "yaxis");
            y.SetProperty("domain", new[] { yDomain.From, yDomain.To });
            y.SetProperty("anchor", xId);
            layout.SetProperty("xaxis" + xId[1..], x);
            layout.SetProperty("yaxis" + yId[1..], y);

            foreach (var shape in Items<Shape>(cellLayout, "shapes")) shapes.Add(Moved(shape, xId, yId));
            foreach (var annotation in Items<Annotation>(cellLayout, "annotations")) annotations.Add(Moved(annotation, xId, yId));
            if (titles is not null && n <= titles.Count && titles[n - 1] is string title)
            {
                var heading = new Annotation();
                foreach (var (key, value) in new (string, object)[]
                         {
                             ("text", $"<b>{title}</b>"), ("showarrow", false), ("xref", "paper"), ("yref", "paper"),
                             ("x", (xDomain.From + xDomain.To) / 2), ("y", yDomain.To), ("yanchor", "bottom"), ("xanchor", "center"),
                         })
                    heading.SetProperty(key, value);
                annotations.Add(heading);
            }
        }

        var grid = GenericChart.ofTraceObjects(false, traces);
        if (shapes.Count > 0) layout.SetProperty("shapes", shapes);
        if (annotations.Count > 0) layout.SetProperty("annotations", annotations);
        return GenericChart.setLayout(layout, grid);
    }

    /// <summary>The plotting area of a cell as fractions of the figure: x and y domains (y measured from the bottom).</summary>
    /// <param name="rows">Subplot rows.</param>
    /// <param name="columns">Subplot columns.</param>
    /// <param name="sharedX">Whether rows share the x axis (they then stand closer).</param>
    /// <param name="row">Row (1 = top).</param>
    /// <param name="column">Column (1 = left).</param>
    public static ((double From, double To) X, (double From, double To) Y) Domain(int rows, int columns, bool sharedX, int row, int column)
    {
        const double gapX = 0.08;
        var gapY = rows > 1 ? (sharedX ? 0.05 : 0.12) : 0;
        var width = (1 - (gapX * (columns - 1))) / columns;
        var height = (1 - (gapY * (rows - 1))) / rows;
        var x0 = (column - 1) * (width + gapX);
        var yTop = 1 - ((row - 1) * (height + gapY));
        return ((x0, x0 + width), (yTop - height, yTop));
    }

    /// <summary>The axis ids of cell <paramref name="n"/> (1-based): <c>x</c>/<c>y</c> for the first, <c>x{n}</c>/<c>y{n}</c> after.</summary>
    /// <param name="n">Cell number.</param>
    public static (string X, string Y) AxisIds(int n) => n == 1 ? ("x", "y") : ($"x{n}", $"y{n}");

    private static IEnumerable<T> Items<T>(Layout layout, string key) where T : class =>
        layout.TryGetPropertyValue(key)?.Value is System.Collections.IEnumerable items ? items.OfType<T>() : [];

    /// <summary>A shape or annotation of a cell re-referenced from the first axes to the cell's.</summary>
    private static T Moved<T>(T item, string xId, string yId) where T : DynamicObj.DynamicObj
    {
        foreach (var (key, id) in new[] { ("xref", xId), ("yref", yId) })
        {
            if (item.TryGetPropertyValue(key)?.Value is string reference && reference.Length > 0 && reference[0] is 'x' or 'y')
                item.SetProperty(key, id + reference[1..].TrimStart('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'));
        }

        return item;
    }
}
