namespace VolNotebooks.Evaluation;

/// <summary>The alternative hypothesis of a test, named as R names it.</summary>
public enum Alternative
{
    /// <summary>The statistic differs from its null value in either direction (<c>"two.sided"</c>).</summary>
    TwoSided,

    /// <summary>The statistic is below its null value (<c>"less"</c>).</summary>
    Less,

    /// <summary>The statistic is above its null value (<c>"greater"</c>).</summary>
    Greater,
}
