using VolNotebooks.Datasets;
using VolNotebooks.Models;
using VolNotebooks.Neural;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Checkpoint Sample(LstmVolHyperparameters? declared = null)
    {
        var h = new LstmVolHyperparameters(Hidden: 16, Layers: 1, DropoutRate: 0.0);
        var model = ModelCatalog.Get("LSTMVol").Create(3, new RandomSource(5), h);
        var spec = new ExperimentSpec { Data = new DatasetSpec { Lookback = 10 }, Model = declared ?? h, Seed = 5 };
        // Move the weights away from their initialization, so a load that re-initialized would be caught.
        foreach (var p in model.Parameters()) for (var i = 0; i < p.Value.Length; i++) p.Value.Data[i] += 0.01f * (i % 7);
        var scaler = ColumnScaler.Fit(ScalerKind.Standard, ["a", "b", "c"], [1, 2, 3, 4, 5, 7]);
        return new Checkpoint(spec, model, ["a", "b", "c"], "rv_fwd_1_pct", scaler, 1.25, 7, 3, new Dictionary<string, double> { ["rmse"] = 0.5 });
    }

    private static float[] Inputs() => [.. Enumerable.Range(0, 4 * 10 * 3).Select(i => (float)Math.Sin(i))];

    [Fact]
    public void A_loaded_checkpoint_reproduces_the_predictions_bit_for_bit()
    {
        var original = Sample();
        var path = Path.Combine(_folder.Path, "m.ckpt");
        original.Save(path);
        var loaded = Checkpoint.Load(path);

        Assert.Equal(original.Model.Predict(Inputs(), 10), loaded.Model.Predict(Inputs(), 10));
        Assert.Equal(["a", "b", "c"], loaded.FeatureNames);
        Assert.Equal((10, "rv_fwd_1_pct", 5UL), (loaded.Spec.Data.Lookback, loaded.Target, loaded.Spec.Seed));
        Assert.Equal(original.Spec, loaded.Spec);
        Assert.Equal((1.25, 7, 3), (loaded.TargetScale, loaded.EpochsRun, loaded.BestEpoch));
        Assert.Equal(original.Scaler.Offset, loaded.Scaler.Offset);
        Assert.Equal(0.5, loaded.Metrics["rmse"]);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
    }

    [Fact]
    public void Truncated_corrupted_and_foreign_files_fail_with_a_located_error()
    {
        var path = Path.Combine(_folder.Path, "m.ckpt");
        Sample().Save(path);
        var bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..100]);
        Assert.Contains("truncated at byte", Assert.Throws<CheckpointException>(() => Checkpoint.Load(path)).Message);

        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, flipped);
        Assert.Contains("checksum mismatch", Assert.Throws<CheckpointException>(() => Checkpoint.Load(path)).Message);

        var version = (byte[])bytes.Clone();
        version[8] = 9;
        File.WriteAllBytes(path, version);
        Assert.Contains("format version 9 at byte 8", Assert.Throws<CheckpointException>(() => Checkpoint.Load(path)).Message);

        File.WriteAllText(path, "not a checkpoint at all");
        Assert.Contains("wrong signature", Assert.Throws<CheckpointException>(() => Checkpoint.Load(path)).Message);
        Assert.Contains("not found", Assert.Throws<CheckpointException>(() => Checkpoint.Load(path + ".nope")).Message);
    }

    [Fact]
    public void A_state_that_does_not_fit_the_declared_architecture_names_the_problem()
    {
        // The header says hidden = 32 but the weights are of a hidden-16 network.
        var path = Path.Combine(_folder.Path, "m.ckpt");
        Sample(new LstmVolHyperparameters(Hidden: 32, Layers: 1)).Save(path);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
        Assert.Contains("does not fit LSTMVol", e.Message);
        Assert.Contains("lstm", e.Message);
    }
}

public sealed class CheckpointHeaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("spec")]
    [InlineData("input_features")]
    [InlineData("scaler")]
    [InlineData("target_scale")]
    public void A_checkpoint_with_a_valid_checksum_but_a_missing_header_field_names_the_field(string field)
    {
        var path = Path.Combine(_folder.Path, "m.ckpt");
        var h = new LstmVolHyperparameters(Hidden: 4, Layers: 1);
        var model = ModelCatalog.Get("LSTMVol").Create(2, new RandomSource(1), h);
        var scaler = ColumnScaler.Fit(ScalerKind.Standard, ["a", "b"], [1, 2, 3, 5]);
        new Checkpoint(new ExperimentSpec { Model = h }, model, ["a", "b"], "t", scaler, 1, 1, 1, new Dictionary<string, double>()).Save(path);
        CheckpointFiles.RewriteHeader(path, header => header.Remove(field));

        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
        Assert.Contains($"'{field}' is missing", e.Message);
    }
}
