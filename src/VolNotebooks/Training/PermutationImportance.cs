using VolNotebooks.Datasets;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Training;

/// <summary>Permutation feature importance: how much a model's loss grows when one feature's values are shuffled across samples.</summary>
public static class PermutationImportance
{
    /// <summary>Per feature, the validation loss with that feature permuted (in every time step of a sample, across samples)
    /// minus the loss without permutation. Larger means more important; near zero means unused.</summary>
    /// <param name="model">A trained model.</param>
    /// <param name="data">Validation samples (scaled as in training).</param>
    /// <param name="featureNames">Names of the features, in input order.</param>
    /// <param name="options">Which loss.</param>
    /// <param name="seed">Seed of the permutations.</param>
    /// <param name="repeats">Permutations averaged per feature.</param>
    public static IReadOnlyList<(string Feature, double Increase)> Compute(
        ForecastModel model, SequenceData data, IReadOnlyList<string> featureNames, TrainerOptions options, ulong seed = 42, int repeats = 3)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(featureNames);
        if (featureNames.Count != data.Features) throw new ArgumentException($"{featureNames.Count} names for {data.Features} features", nameof(featureNames));
        var baseline = Trainer.Evaluate(model, data, options);
        var random = new RandomSource(seed);
        var steps = data.TimeSteps;
        var width = data.Features;
        var result = new List<(string, double)>(width);
        for (var j = 0; j < width; j++)
        {
            var increase = 0.0;
            for (var r = 0; r < repeats; r++)
            {
                var order = random.Permutation(data.Count);
                var permuted = (float[])data.Inputs.Clone();
                for (var i = 0; i < data.Count; i++)
                {
                    for (var t = 0; t < steps; t++)
                        permuted[(((i * steps) + t) * width) + j] = data.Inputs[(((order[i] * steps) + t) * width) + j];
                }

                increase += Trainer.Evaluate(model, data with { Inputs = permuted }, options) - baseline;
            }

            result.Add((featureNames[j], increase / repeats));
        }

        return [.. result.OrderByDescending(p => p.Item2)];
    }
}
