namespace VolNotebooks.Features;

/// <summary>A prediction target aligned with a frame's rows, with the rows its value at row <c>t</c> is made of.</summary>
/// <remarks>
/// The value at anchor row <c>t</c> depends on rows <c>t + FirstOffset .. t + LastOffset</c> only. A forward target
/// (<see cref="FirstOffset"/> at least 1) uses data after <c>t</c> only; a same-day target (offset 0) describes row
/// <c>t</c> itself and must be predicted from inputs that end before <c>t</c>. Rows whose target window runs past
/// the data are NaN.
/// </remarks>
/// <param name="Name">Column name, e.g. <c>rv_fwd_5</c>.</param>
/// <param name="Values">One value per frame row (NaN where undefined).</param>
/// <param name="FirstOffset">First row after the anchor the value uses (0 = the anchor row itself).</param>
/// <param name="LastOffset">Last row after the anchor the value uses.</param>
public sealed record Target(string Name, double[] Values, int FirstOffset, int LastOffset)
{
    /// <summary>How many rows the target spans: <c>LastOffset - FirstOffset + 1</c>.</summary>
    public int Horizon => LastOffset - FirstOffset + 1;
}

/// <summary>Builders of prediction targets with an explicit horizon; each uses data after the anchor day only.</summary>
public static class Targets
{
    /// <summary>Realized variance over the next <paramref name="horizon"/> days: <c>mean(r_(t+1)^2 .. r_(t+h)^2)</c>.</summary>
    /// <param name="logReturns">Daily log returns aligned with the frame.</param>
    /// <param name="horizon">Days ahead, at least 1 (1 = next-day realized variance <c>r_(t+1)^2</c>).</param>
    /// <remarks>The zero-mean convention of the realized-variance literature (Andersen and Bollerslev 1998), which is
    /// defined for <c>h = 1</c>; a daily variance of daily log returns, not annualized.</remarks>
    public static Target ForwardRealizedVariance(ReadOnlySpan<double> logReturns, int horizon = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var values = Rolling.NaNs(logReturns.Length);
        for (var t = 0; t + horizon < logReturns.Length; t++)
        {
            var sum = 0.0;
            for (var i = 1; i <= horizon; i++) sum += logReturns[t + i] * logReturns[t + i];
            values[t] = sum / horizon;
        }

        return new Target($"rv2_fwd_{horizon}", values, 1, horizon);
    }

    /// <summary>Realized volatility over the next <paramref name="horizon"/> days: the square root of <see cref="ForwardRealizedVariance"/>.</summary>
    /// <param name="logReturns">Daily log returns aligned with the frame.</param>
    /// <param name="horizon">Days ahead: 1, 5 and 22 in the research.</param>
    /// <param name="annualize">Multiply by <c>sqrt(252)</c>.</param>
    public static Target ForwardRealizedVolatility(ReadOnlySpan<double> logReturns, int horizon = 1, bool annualize = false)
    {
        var variance = ForwardRealizedVariance(logReturns, horizon);
        var scale = annualize ? RealizedVolatility.TradingDaysPerYear : 1.0;
        var values = variance.Values.Select(v => Math.Sqrt(v * scale)).ToArray();
        return new Target($"rv_fwd_{horizon}{(annualize ? "_ann" : "")}", values, 1, horizon);
    }

    /// <summary>The value of a column <paramref name="horizon"/> days ahead: <c>x_(t+h)</c> (next-day return, next-day VIX).</summary>
    /// <param name="name">The target's name.</param>
    /// <param name="values">The column.</param>
    /// <param name="horizon">Days ahead, at least 1.</param>
    public static Target Ahead(string name, ReadOnlySpan<double> values, int horizon = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var shifted = Rolling.NaNs(values.Length);
        values[horizon..].CopyTo(shifted);
        return new Target(name, shifted, horizon, horizon);
    }

    /// <summary>The next day's log return <c>r_(t+1)</c>.</summary>
    /// <param name="logReturns">Daily log returns aligned with the frame.</param>
    public static Target NextDayReturn(ReadOnlySpan<double> logReturns) => Ahead("return_fwd_1", logReturns);

    /// <summary>The next day's VIX close.</summary>
    /// <param name="vixClose">VIX closes aligned with the frame.</param>
    public static Target NextDayVix(ReadOnlySpan<double> vixClose) => Ahead("vix_fwd_1", vixClose);

    /// <summary>A column as a same-day target: the value at <c>t</c> is <c>x_t</c>, to be predicted from inputs ending at <c>t-1</c>.</summary>
    /// <param name="name">The target's name.</param>
    /// <param name="values">The column.</param>
    /// <remarks>The ablation study's convention: windows <c>[t-L .. t-1]</c> predict the log return of day <c>t</c>.</remarks>
    public static Target SameDay(string name, ReadOnlySpan<double> values) => new(name, values.ToArray(), 0, 0);
}
