namespace VolNotebooks.Econometrics;

/// <summary>Builds an <see cref="ArchModel"/> from the short names used on the command line (<c>--model</c>, <c>--dist</c>, <c>--mean</c>).</summary>
public static class ArchModelSpecification
{
    /// <summary>Accepted <c>--model</c> names: GARCH(1,1), GJR-GARCH(1,1,1), EGARCH(1,1,1), EWMA with estimated lambda, RiskMetrics (lambda 0.94), constant variance.</summary>
    public static IReadOnlyList<string> VolatilityNames { get; } = ["garch", "gjr", "egarch", "ewma", "riskmetrics", "constant"];

    /// <summary>Accepted <c>--dist</c> names: normal, Student's t, Hansen's skewed t.</summary>
    public static IReadOnlyList<string> DistributionNames { get; } = ["normal", "t", "skewt"];

    /// <summary>Accepted <c>--mean</c> names.</summary>
    public static IReadOnlyList<string> MeanNames { get; } = ["zero", "constant", "ar1"];

    /// <summary>The model for the given names (case-insensitive); throws <see cref="ArgumentException"/> naming the bad option and the accepted values.</summary>
    public static ArchModel Create(string volatility, string distribution, string mean = "constant") =>
        new(CreateMean(mean), CreateVolatility(volatility), CreateDistribution(distribution));

    /// <summary>The volatility process for a <c>--model</c> name.</summary>
    public static VolatilityProcess CreateVolatility(string name) => Normalize(name) switch
    {
        "garch" => new Garch(),
        "gjr" => Garch.Gjr(),
        "egarch" => new Egarch(),
        "ewma" => Ewma.Estimated(),
        "riskmetrics" => Ewma.Fixed(0.94),
        "constant" => new ConstantVariance(),
        _ => throw Unknown("--model", name, VolatilityNames),
    };

    /// <summary>The distribution for a <c>--dist</c> name.</summary>
    public static Distribution CreateDistribution(string name) => Normalize(name) switch
    {
        "normal" => new NormalDistribution(),
        "t" => new StudentTDistribution(),
        "skewt" => new SkewStudentTDistribution(),
        _ => throw Unknown("--dist", name, DistributionNames),
    };

    /// <summary>The mean model for a <c>--mean</c> name.</summary>
    public static MeanModel CreateMean(string name) => Normalize(name) switch
    {
        "zero" => new ZeroMean(),
        "constant" => new ConstantMean(),
        "ar1" => new AutoRegressiveMean(),
        _ => throw Unknown("--mean", name, MeanNames),
    };

    private static string Normalize(string? name) => (name ?? string.Empty).Trim().ToLowerInvariant();

    private static ArgumentException Unknown(string option, string? value, IReadOnlyList<string> accepted) =>
        new($"Unknown {option} '{value}'. Expected one of: {string.Join(", ", accepted)}.", option.TrimStart('-'));
}
