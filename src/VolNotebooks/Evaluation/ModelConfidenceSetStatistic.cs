namespace VolNotebooks.Evaluation;

/// <summary>The equivalence-test statistic of a model confidence set (Hansen, Lunde and Nason 2011, section 3.1.2).</summary>
public enum ModelConfidenceSetStatistic
{
    /// <summary><c>T_max = max_i t_i.</c>, with <c>t_i. = d_i. / sqrt(var(d_i.))</c> and <c>d_i.</c> model i's mean loss
    /// minus the average over the set; the model with the largest <c>t_i.</c> is eliminated.</summary>
    Max,

    /// <summary><c>T_R = max_{i,j} |d_ij| / sqrt(var(d_ij))</c> over pairwise mean-loss differences; the model with the
    /// largest <c>max_j d_ij / sqrt(var(d_ij))</c> is eliminated.</summary>
    Range,
}
