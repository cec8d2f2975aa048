using VolNotebooks.Search;

namespace VolNotebooks.Tests.Search;

public sealed class ParameterJsonTests
{
    [Fact]
    public void Parameters_round_trip_with_the_types_their_space_declares()
    {
        var space = new SearchSpace().Int("units", 32, 128, 32).Float("learning_rate", 1e-4, 1e-2, log: true).Categorical("d_model", 16, 32, 64).Categorical("cell", "lstm", "gru");
        var sampled = new Dictionary<string, object> { ["units"] = 64, ["learning_rate"] = 0.00123456789012345, ["d_model"] = 32, ["cell"] = "gru" };
        var back = ParameterJson.Read(space, ParameterJson.Write(sampled));
        Assert.Equal(sampled, back);
        Assert.IsType<int>(back["d_model"]);
        Assert.IsType<double>(back["learning_rate"]);
    }

    [Fact]
    public void A_value_outside_its_domain_or_missing_is_refused_by_name()
    {
        var space = new SearchSpace().Int("units", 32, 128, 32).Categorical("d_model", 16, 32);
        Assert.Contains("'units' = 33 is outside its domain", Assert.Throws<ArgumentException>(() => ParameterJson.Read(space, """{"units":33,"d_model":16}""")).Message);
        Assert.Contains("'d_model' = 17 is not one of its choices", Assert.Throws<ArgumentException>(() => ParameterJson.Read(space, """{"units":32,"d_model":17}""")).Message);
        Assert.Contains("'d_model' is missing", Assert.Throws<ArgumentException>(() => ParameterJson.Read(space, """{"units":32}""")).Message);
    }
}
