namespace VolNotebooks.Training;

/// <summary>Progress of an ablation study, reported after every finished run.</summary>
/// <param name="Completed">Runs finished so far, 1..<paramref name="Total"/>.</param>
/// <param name="Total">Runs in the study (tickers x variants x seeds).</param>
/// <param name="Run">The run that just finished.</param>
/// <param name="Elapsed">Wall time since the study started.</param>
public sealed record AblationProgress(int Completed, int Total, AblationRun Run, TimeSpan Elapsed);
