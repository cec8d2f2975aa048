namespace VolNotebooks.Runs;

/// <summary>One epoch of a recorded training run.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch, in the training loss's units.</param>
/// <param name="ValidationLoss">Validation loss after the epoch.</param>
/// <param name="LearningRate">The optimizer's learning rate during the epoch.</param>
/// <param name="Seconds">Wall time of the epoch in seconds.</param>
public sealed record RunEpoch(int Epoch, double TrainLoss, double ValidationLoss, double LearningRate, double Seconds);
