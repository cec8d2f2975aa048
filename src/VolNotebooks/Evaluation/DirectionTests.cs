namespace VolNotebooks.Evaluation;

/// <summary>Exact tests of how often return forecasts get the sign right: against a coin (0.5) and, paired on the same
/// days, against the majority rule that always forecasts the sign most frequent in the training returns.</summary>
/// <remarks>A hit is a day whose forecast and realized return have the same sign, zero counting as its own sign (the
/// ablation study's directional accuracy, <see cref="ForecastMetrics.DirectionalAccuracy"/>). Both p-values are
/// one-sided: the alternative is that the forecast is right more often.</remarks>
public static class DirectionTests
{
    /// <summary>Days on which <paramref name="forecast"/> has the sign of <paramref name="actual"/>.</summary>
    /// <param name="actual">Realized returns, finite.</param>
    /// <param name="forecast">Forecasts, aligned, finite.</param>
    public static int Hits(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        RequireAligned(actual, forecast);
        var hits = 0;
        for (var t = 0; t < actual.Length; t++)
        {
            if (Math.Sign(actual[t]) == Math.Sign(forecast[t])) hits++;
        }

        return hits;
    }

    /// <summary>The exact binomial test of the hit rate against 0.5: <c>P(X &gt;= hits)</c> under <c>Binomial(n, 0.5)</c>.</summary>
    /// <param name="actual">Realized returns, finite.</param>
    /// <param name="forecast">Forecasts, aligned, finite.</param>
    public static DirectionTestResult AgainstChance(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        var hits = Hits(actual, forecast);
        return new DirectionTestResult(hits, actual.Length, (double)hits / actual.Length, BinomialTest.Greater(hits, actual.Length, 0.5));
    }

    /// <summary>The exact McNemar test of the forecast against the majority rule on the same days: among the days on which
    /// exactly one of them is right, is the forecast right more than half the time (<c>P(X &gt;= wins)</c> under
    /// <c>Binomial(wins + losses, 0.5)</c>)?</summary>
    /// <param name="actual">Realized test returns, finite.</param>
    /// <param name="forecast">Forecasts, aligned, finite.</param>
    /// <param name="trainingReturns">The training returns that decide the rule: up when at least as many were positive as
    /// negative (the always-up rule on a rising market), down otherwise.</param>
    /// <remarks>Pairing on the same days removes the test period's own up/down share, which both forecasts face; a
    /// binomial test against the rule's hit rate would instead treat that rate as known.</remarks>
    public static MajorityRuleComparison AgainstMajorityRule(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast, ReadOnlySpan<double> trainingReturns)
    {
        RequireAligned(actual, forecast);
        if (trainingReturns.Length == 0) throw new ArgumentException("the majority rule needs training returns", nameof(trainingReturns));
        int up = 0, down = 0;
        foreach (var r in trainingReturns)
        {
            if (r > 0) up++;
            else if (r < 0) down++;
        }

        var ruleSign = up >= down ? 1 : -1;
        int ruleHits = 0, wins = 0, losses = 0;
        for (var t = 0; t < actual.Length; t++)
        {
            var sign = Math.Sign(actual[t]);
            var ruleRight = sign == ruleSign;
            var forecastRight = sign == Math.Sign(forecast[t]);
            if (ruleRight) ruleHits++;
            if (forecastRight && !ruleRight) wins++;
            else if (ruleRight && !forecastRight) losses++;
        }

        var pValue = wins + losses == 0 ? 1 : BinomialTest.Greater(wins, wins + losses, 0.5);
        return new MajorityRuleComparison(ruleSign > 0, (double)up / trainingReturns.Length, (double)ruleHits / actual.Length, wins, losses, pValue);
    }

    private static void RequireAligned(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        if (actual.Length != forecast.Length) throw new ArgumentException($"actual has {actual.Length} values but forecast has {forecast.Length}");
        if (actual.Length == 0) throw new ArgumentException("no days to test");
        for (var t = 0; t < actual.Length; t++)
        {
            if (!double.IsFinite(actual[t]) || !double.IsFinite(forecast[t])) throw new ArgumentException($"the pair at index {t} is not finite");
        }
    }
}
