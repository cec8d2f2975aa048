using System.Text.Json;
using VolNotebooks.Datasets;

namespace VolNotebooks.Tests.Datasets;

public sealed class ColumnScalerTests
{
    private static readonly double[] Rows = [1, 10, 2, 10, 3, 10, 6, 10]; // [4, 2]: second column constant

    [Fact]
    public void Standard_scaler_uses_mean_and_population_std_like_scikit_learn()
    {
        var s = ColumnScaler.Fit(ScalerKind.Standard, ["x", "c"], Rows);
        // x: mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5. Constant column: scale 1.
        Assert.Equal([3.0, 10], s.Offset);
        Assert.Equal([Math.Sqrt(3.5), 1], s.Scale);
        var copy = (double[])Rows.Clone();
        s.Transform(copy);
        Assert.Equal(-2 / Math.Sqrt(3.5), copy[0], 15);
        Assert.Equal(0.0, copy[1]);
        s.InverseTransform(copy);
        for (var i = 0; i < copy.Length; i++) Assert.Equal(Rows[i], copy[i], 13);
    }

    [Fact]
    public void Min_max_scaler_maps_the_training_range_to_unit_interval()
    {
        var s = ColumnScaler.Fit(ScalerKind.MinMax, ["x", "c"], Rows);
        Assert.Equal((1.0, 5.0), (s.Offset[0], s.Scale[0]));
        Assert.Equal(1.0, s.Transform(6, 0));
        Assert.Equal(6.0, s.InverseTransform(1, 0));
    }

    [Fact]
    public void Round_trips_through_json_and_rejects_broken_json()
    {
        var s = ColumnScaler.Fit(ScalerKind.Standard, ["x", "c"], Rows);
        var back = ColumnScaler.FromJson(s.ToJson());
        Assert.Equal((s.Kind, s.FittedRows), (back.Kind, back.FittedRows));
        Assert.Equal(s.Columns, back.Columns);
        Assert.Equal(s.Offset, back.Offset);
        Assert.Equal(s.Scale, back.Scale);
        Assert.Contains("\"kind\": \"standard\"", s.ToJson());
        Assert.Throws<JsonException>(() => ColumnScaler.FromJson("""{"kind":"standard","columns":["x"],"offset":[1,2],"scale":[1],"fitted_rows":3}"""));
        Assert.Throws<JsonException>(() => ColumnScaler.FromJson("""{"kind":"standard","columns":["x"],"offset":[1],"scale":[0],"fitted_rows":3}"""));
    }

    [Fact]
    public void Non_finite_training_values_are_refused_with_the_column()
    {
        var e = Assert.Throws<ArgumentException>(() => ColumnScaler.Fit(ScalerKind.Standard, ["x", "y"], [1, double.NaN]));
        Assert.Contains("column 'y'", e.Message);
    }
}
