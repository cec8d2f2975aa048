namespace VolNotebooks.Evaluation;

/// <summary>Counts of consecutive-day pairs in a breach sequence: <c>Nij</c> is the number of days in state i followed by a day in state j (1 = breach).</summary>
/// <param name="N00">No breach followed by no breach.</param>
/// <param name="N01">No breach followed by a breach.</param>
/// <param name="N10">Breach followed by no breach.</param>
/// <param name="N11">Breach followed by a breach.</param>
public sealed record VarBreachTransitions(int N00, int N01, int N10, int N11)
{
    /// <summary>Counts the transitions of <paramref name="breaches"/> (n days give n - 1 pairs).</summary>
    /// <param name="breaches">Breach indicator per day, in time order.</param>
    public static VarBreachTransitions Count(ReadOnlySpan<bool> breaches)
    {
        int n00 = 0, n01 = 0, n10 = 0, n11 = 0;
        for (int t = 1; t < breaches.Length; t++)
        {
            switch (breaches[t - 1], breaches[t])
            {
                case (false, false): n00++; break;
                case (false, true): n01++; break;
                case (true, false): n10++; break;
                default: n11++; break;
            }
        }

        return new VarBreachTransitions(n00, n01, n10, n11);
    }

    /// <summary>Total number of pairs, <c>N00 + N01 + N10 + N11</c>.</summary>
    public int Total => N00 + N01 + N10 + N11;
}
