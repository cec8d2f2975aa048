namespace VolNotebooks.Evaluation;

/// <summary>One model's forecasts (or the realized values) keyed by date, before alignment with the others.</summary>
/// <param name="Name">Model name for tables and legends.</param>
/// <param name="Dates">[N] dates, ascending; by convention of the comparison, the first day of each forecast window.</param>
/// <param name="Values">[N] values in one unit shared by everything compared (e.g. per-day variance, percent squared); NaN
/// where there is none.</param>
public sealed record DatedSeries(string Name, DateOnly[] Dates, double[] Values)
{
    /// <summary>The member-wise mean and standard deviation (n - 1) of several runs of one model, e.g. a seed ensemble, on
    /// the dates every member has a finite value.</summary>
    /// <param name="name">Name of the mean series; the spread is named "NAME (sd)".</param>
    /// <param name="members">At least two series.</param>
    public static (DatedSeries Mean, DatedSeries Spread) Ensemble(string name, IReadOnlyList<DatedSeries> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count < 2) throw new ArgumentException($"an ensemble needs at least 2 members; it has {members.Count}", nameof(members));
        var lookups = members.Select(m => m.ToDictionary()).ToArray();
        var dates = members[0].Dates.Where(d => lookups.All(l => l.TryGetValue(d, out var v) && double.IsFinite(v))).ToArray();
        var mean = new double[dates.Length];
        var spread = new double[dates.Length];
        for (var i = 0; i < dates.Length; i++)
        {
            var values = lookups.Select(l => l[dates[i]]).ToArray();
            mean[i] = values.Average();
            spread[i] = Math.Sqrt(values.Sum(v => (v - mean[i]) * (v - mean[i])) / (values.Length - 1));
        }

        return (new DatedSeries(name, dates, mean), new DatedSeries(name + " (sd)", dates, spread));
    }

    /// <summary>The values by date.</summary>
    /// <exception cref="ArgumentException">The lengths differ or a date repeats.</exception>
    public Dictionary<DateOnly, double> ToDictionary()
    {
        if (Dates.Length != Values.Length) throw new ArgumentException($"{Name}: {Dates.Length} dates but {Values.Length} values");
        var lookup = new Dictionary<DateOnly, double>(Dates.Length);
        for (var i = 0; i < Dates.Length; i++)
        {
            if (!lookup.TryAdd(Dates[i], Values[i])) throw new ArgumentException($"{Name}: the date {Dates[i]:yyyy-MM-dd} appears twice");
        }

        return lookup;
    }

    /// <summary>The same series with every value transformed, e.g. a volatility squared into a variance.</summary>
    /// <param name="transform">The function applied to each value.</param>
    public DatedSeries Select(Func<double, double> transform) => this with { Values = [.. Values.Select(transform)] };
}
