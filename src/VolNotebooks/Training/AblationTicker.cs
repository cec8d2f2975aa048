namespace VolNotebooks.Training;

/// <summary>What the ablation study's runs of one ticker share: the test days and returns (identical for every variant,
/// which the study checks), the training returns and the Stage-1 baselines.</summary>
/// <param name="Ticker">The symbol.</param>
/// <param name="TestDates">The day each test return is realized (the target day t), in order.</param>
/// <param name="TestActuals">The realized test returns, percent log return, as the networks are scored against them.</param>
/// <param name="TrainingTargets">The training samples' returns, percent (they decide the majority rule).</param>
/// <param name="TrainSamples">Training samples.</param>
/// <param name="ValidationSamples">Validation samples (early stopping, the ridge penalty, the best baseline).</param>
/// <param name="Baselines">Zero, training mean, AR(1) and ridge on the <c>feat</c> inputs, fitted on training samples only.</param>
public sealed record AblationTicker(
    string Ticker, DateOnly[] TestDates, double[] TestActuals, double[] TrainingTargets, int TrainSamples, int ValidationSamples,
    IReadOnlyList<ReturnBaseline> Baselines)
{
    /// <summary>The baseline with the lowest validation MSE: the one each variant is tested against.</summary>
    public ReturnBaseline BestBaseline => ReturnBaselines.BestByValidation(Baselines);
}
