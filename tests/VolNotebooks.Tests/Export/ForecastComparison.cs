namespace VolNotebooks.Tests.Export;

/// <summary>The tolerance rule both export round trips use.</summary>
internal static class ForecastComparison
{
    /// <summary>Asserts that the forecasts vary (else the comparison proves little) and that every one of
    /// <paramref name="actual"/> is within 1e-5 of the largest |forecast| of <paramref name="expected"/> (the engine's);
    /// returns the worst difference relative to that scale, and the scale.</summary>
    /// <remarks>Relative to the largest forecast: float32 rounding scales with the terms summed, so a forecast that happens
    /// to land near zero (a linear head's output can) has no meaningful relative error of its own.</remarks>
    public static (double Worst, float Scale) AssertWithin1e5OfLargest(string name, string runtime, float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var spread = expected.Max() - expected.Min();
        Assert.True(spread > 1e-4, $"{name}: forecasts barely vary ({spread}); the comparison would prove little");
        var scale = expected.Max(MathF.Abs);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var relative = Math.Abs(actual[i] - expected[i]) / scale;
            worst = Math.Max(worst, relative);
            Assert.True(relative <= 1e-5, $"{name}, value {i}: {runtime} {actual[i]:R}, engine {expected[i]:R}, largest forecast {scale:R}");
        }

        return (worst, scale);
    }
}
