namespace VolNotebooks.Evaluation;

/// <summary>Zone of the Basel Committee's traffic-light backtest (Basel Committee on Banking Supervision 1996).</summary>
public enum VarTrafficLightZone
{
    /// <summary>The breach count is consistent with an accurate model: its binomial cumulative probability is below 95%.</summary>
    Green,

    /// <summary>The count is possible but suspicious: cumulative probability from 95% up to (not including) 99.99%.</summary>
    Yellow,

    /// <summary>The count is very unlikely for an accurate model: cumulative probability at least 99.99%.</summary>
    Red,
}
