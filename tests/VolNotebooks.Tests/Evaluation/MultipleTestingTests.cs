using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Evaluation;

public sealed class MultipleTestingTests
{
    [Fact]
    public void Holm_matches_R_p_adjust()
    {
        // Printed by Fixtures/dm_reference.R: p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2), method = "holm").
        Assert.Equal([0.04, 0.09, 0.09, 0.025, 0.2], MultipleTesting.Holm([0.01, 0.04, 0.03, 0.005, 0.2]).Select(p => Math.Round(p, 14)));
        // p.adjust(c(0.02, 0.02, 0.5, 0.001), method = "holm"): ties and the cap at 1 kept in input order.
        Assert.Equal([0.06, 0.06, 0.5, 0.004], MultipleTesting.Holm([0.02, 0.02, 0.5, 0.001]).Select(p => Math.Round(p, 14)));
        Assert.Equal([1.0, 1.0], MultipleTesting.Holm([0.6, 0.9]));
    }
}
