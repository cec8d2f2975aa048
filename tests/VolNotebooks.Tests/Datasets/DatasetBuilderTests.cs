using VolNotebooks.Datasets;
using VolNotebooks.Features;

namespace VolNotebooks.Tests.Datasets;

public sealed class DatasetBuilderTests
{
    [Theory]
    [InlineData(WindowConvention.BeforeTarget)]
    [InlineData(WindowConvention.EndAtAnchor)]
    public void A_next_day_return_sample_targets_the_return_of_the_day_after_its_last_input(WindowConvention window)
    {
        var spec = new DatasetSpec
        {
            Symbol = "KO", Features = "raw", Target = new TargetSpec(TargetKind.Return, 1), Lookback = 20, Window = window,
            From = new DateOnly(2020, 1, 2), To = new DateOnly(2020, 12, 31),
        };
        var prepared = DatasetBuilder.Build(TestFiles.Data, spec);
        var ko = TestFiles.Data.Load("KO");
        var dates = ko.Dates.ToArray();
        var adjusted = ko.AdjClose.ToArray();
        foreach (var (w, i) in prepared.Dataset.Windows.Select((w, i) => (w, i)))
        {
            var day = Array.IndexOf(dates, w.TargetFirstDate);
            Assert.Equal(Array.IndexOf(dates, w.InputEndDate) + 1, day);   // no gap between the inputs and the target
            Assert.Equal(100 * Math.Log(adjusted[day] / adjusted[day - 1]), prepared.Dataset.Targets[i], 12);
            // The last input step's log return is the day before the target's.
            Assert.Equal(Math.Log(adjusted[day - 1] / adjusted[day - 2]), prepared.Dataset.Inputs[(i * 20) + 19], 12);
        }
    }
}
