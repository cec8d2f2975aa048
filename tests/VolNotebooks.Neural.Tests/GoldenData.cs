using System.Text.Json;
using VolNotebooks.Neural;

namespace VolNotebooks.Neural.Tests;

/// <summary>Reads the PyTorch reference vectors copied into the test output's Golden folder.</summary>
internal static class GoldenData
{
    public static JsonElement Load(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", file);
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    public static (double[] Data, int[] Shape) Flatten(JsonElement e)
    {
        var data = new List<double>();
        var shape = new List<int>();
        Walk(e, 0, data, shape);
        return (data.ToArray(), shape.ToArray());
    }

    public static Tensor<T> Tensor<T>(JsonElement e, bool requiresGrad = false)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var (data, shape) = Flatten(e);
        var t = new Tensor<T>(data.Select(v => T.CreateTruncating(v)).ToArray(), shape);
        t.RequiresGrad = requiresGrad;
        return t;
    }

    public static double[] Values(JsonElement e) => Flatten(e).Data;

    public static T[] Values<T>(JsonElement e)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => Flatten(e).Data.Select(v => T.CreateTruncating(v)).ToArray();

    private static void Walk(JsonElement e, int depth, List<double> data, List<int> shape)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            if (shape.Count == depth)
            {
                shape.Add(e.GetArrayLength());
            }

            foreach (var child in e.EnumerateArray())
            {
                Walk(child, depth + 1, data, shape);
            }
        }
        else
        {
            data.Add(e.GetDouble());
        }
    }
}

/// <summary>Tolerance assertions that name the first offending element.</summary>
internal static class Close
{
    public const double Double = 1e-12;

    public static void All<T>(double[] expected, T[]? actual, double absolute, double relative, string what)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Length, actual!.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double a = double.CreateTruncating(actual[i]);
            double tol = Math.Max(absolute, relative * Math.Abs(expected[i]));
            if (!(Math.Abs(a - expected[i]) <= tol))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {a:R} (|diff| {Math.Abs(a - expected[i]):E2} > {tol:E2})");
            }
        }
    }

    /// <summary>Forward tolerance for the element type: 1e-12 absolute in double, 1e-4 relative (floor 1e-5) in float.</summary>
    public static void Forward<T>(double[] expected, T[]? actual, string what)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            All(expected, actual, Double, 0, what);
        }
        else
        {
            All(expected, actual, 1e-5, 1e-4, what);
        }
    }

    /// <summary>Gradient tolerance: 1e-12 absolute in double, 1e-3 relative (floor 1e-5) in float.</summary>
    public static void Gradient<T>(double[] expected, T[]? actual, string what)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            All(expected, actual, Double, 0, what);
        }
        else
        {
            All(expected, actual, 1e-5, 1e-3, what);
        }
    }
}
