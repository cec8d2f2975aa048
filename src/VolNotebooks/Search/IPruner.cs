namespace VolNotebooks.Search;

/// <summary>Decides, each time a trial reports an intermediate value, whether to stop it early.</summary>
public interface IPruner
{
    /// <summary>Whether to stop <paramref name="trial"/> at <paramref name="step"/>.</summary>
    /// <param name="trial">The running trial (its intermediate values include <paramref name="step"/>).</param>
    /// <param name="step">The step just reported (a fold, or an epoch: the resource spent so far).</param>
    /// <param name="history">The other trials to compare with: finished ones, and for asynchronous pruners running ones too.</param>
    bool ShouldPrune(Trial trial, int step, IReadOnlyList<Trial> history);
}
