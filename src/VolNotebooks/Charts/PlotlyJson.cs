using System.Text.Json.Nodes;

namespace VolNotebooks.Charts;

/// <summary>Serializes a <see cref="Figure"/> to the plotly.js figure schema: <c>{data, layout, config}</c>.</summary>
internal static class PlotlyJson
{
    public static JsonObject Build(Figure figure)
    {
        var data = new JsonArray();
        for (var i = 0; i < figure.Traces.Count; i++) data.Add(figure.Traces[i].ToJson(figure.ColorOf(i)));

        var theme = figure.Theme;
        var layout = new JsonObject
        {
            ["font"] = new JsonObject { ["family"] = theme.Font, ["color"] = theme.Text, ["size"] = 12 },
            ["paper_bgcolor"] = "#ffffff",
            ["plot_bgcolor"] = theme.PlotBackground,
            ["height"] = figure.Height,
            ["autosize"] = true,
            ["margin"] = new JsonObject { ["l"] = 64, ["r"] = 24, ["t"] = figure.Title is null ? 36 : 64, ["b"] = 52 },
            ["legend"] = new JsonObject { ["orientation"] = "h", ["y"] = -0.18 },
            ["hovermode"] = "x unified",
        };
        if (figure.Title is not null) layout["title"] = new JsonObject { ["text"] = figure.Title, ["x"] = 0.02 };

        var annotations = new JsonArray();
        for (var row = 1; row <= figure.Rows; row++)
        {
            for (var column = 1; column <= figure.Columns; column++)
            {
                var (xId, yId) = figure.AxisIds(row, column);
                var (xAxis, yAxis) = figure.AxesOf(row, column);
                var (xDomain, yDomain) = figure.Domain(row, column);
                var x = AxisJson(xAxis, theme, xDomain);
                x["anchor"] = yId;
                x["rangeslider"] = new JsonObject { ["visible"] = false };
                if (figure.SharedX && row < figure.Rows)
                {
                    x["matches"] = figure.AxisIds(figure.Rows, column).X;
                    x["showticklabels"] = false;
                }

                var y = AxisJson(yAxis, theme, yDomain);
                y["anchor"] = xId;
                layout[LayoutKey(xId, "xaxis")] = x;
                layout[LayoutKey(yId, "yaxis")] = y;
                if (figure.SubplotTitle(row, column) is string title)
                {
                    annotations.Add(new JsonObject
                    {
                        ["text"] = $"<b>{title}</b>", ["showarrow"] = false, ["xref"] = "paper", ["yref"] = "paper",
                        ["x"] = (xDomain.From + xDomain.To) / 2, ["y"] = yDomain.To, ["yanchor"] = "bottom", ["xanchor"] = "center",
                    });
                }
            }
        }

        var shapes = new JsonArray();
        foreach (var shape in figure.Shapes)
        {
            var (xId, yId) = figure.AxisIds(shape.Cell.Row, shape.Cell.Column);
            var yRef = shape.YPaper ? $"{yId} domain" : yId;
            var json = new JsonObject
            {
                ["type"] = shape.Kind, ["xref"] = xId, ["yref"] = yRef,
                ["x0"] = shape.X0.ToJson(), ["x1"] = shape.X1.ToJson(), ["y0"] = shape.Y0, ["y1"] = shape.Y1,
                ["line"] = new JsonObject { ["color"] = shape.Color, ["width"] = shape.Kind == "rect" ? 0 : 1.5, ["dash"] = shape.Dash },
            };
            if (shape.Kind == "rect")
            {
                json["fillcolor"] = shape.Color;
                json["opacity"] = shape.FillOpacity;
                json["layer"] = "below";
            }

            shapes.Add(json);
            if (shape.Label is not null)
            {
                annotations.Add(new JsonObject
                {
                    ["text"] = shape.Label, ["showarrow"] = false, ["xref"] = xId, ["yref"] = yRef,
                    ["x"] = shape.X0.ToJson(), ["y"] = shape.Y1, ["xanchor"] = "left", ["yanchor"] = "top", ["font"] = new JsonObject { ["size"] = 11 },
                });
            }
        }

        foreach (var a in figure.Annotations)
        {
            var (xId, yId) = figure.AxisIds(a.Cell.Row, a.Cell.Column);
            annotations.Add(new JsonObject { ["text"] = a.Text, ["x"] = a.X.ToJson(), ["y"] = a.Y, ["xref"] = xId, ["yref"] = yId, ["showarrow"] = true, ["arrowhead"] = 2 });
        }

        layout["shapes"] = shapes;
        layout["annotations"] = annotations;
        return new JsonObject
        {
            ["data"] = data,
            ["layout"] = layout,
            ["config"] = new JsonObject { ["responsive"] = true, ["displaylogo"] = false },
        };
    }

    private static string LayoutKey(string id, string prefix) => prefix + id[1..];

    private static JsonObject AxisJson(Axis axis, Theme theme, (double From, double To) domain)
    {
        var json = new JsonObject
        {
            ["domain"] = new JsonArray(domain.From, domain.To),
            ["gridcolor"] = theme.Grid,
            ["zeroline"] = false,
            ["automargin"] = true,
        };
        if (axis.Title is not null) json["title"] = new JsonObject { ["text"] = axis.Title };
        if (axis.Type != AxisType.Auto) json["type"] = axis.Type.ToString().ToLowerInvariant();
        if (axis.TickFormat is not null) json["tickformat"] = axis.TickFormat;
        if (axis.Range is var (min, max))
            json["range"] = axis.Type == AxisType.Log ? new JsonArray(Math.Log10(min), Math.Log10(max)) : new JsonArray(min, max);
        return json;
    }
}
