using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary>Multiscale CNN-LSTM of the VIX study: kernels 3, 5 and 7 in parallel (each pooled by 2), concatenated, then
/// LSTM -> Dropout -> LSTM(units / 2) -> Dropout -> Dense -> Dropout -> Dense.</summary>
public sealed class CnnLstmMultiscale : ForecastModel
{
    private readonly Conv1d<float>[] _branches;
    private readonly MaxPool1d<float> _pool;
    private readonly Lstm<float> _lstm1;
    private readonly Lstm<float> _lstm2;
    private readonly Dropout<float> _dropout;
    private readonly Linear<float> _dense;
    private readonly Linear<float> _output;

    /// <summary>Builds the model.</summary>
    /// <param name="features">F.</param>
    /// <param name="rng">Seeded initialization and dropout.</param>
    /// <param name="h">Hyperparameters, or the research's defaults.</param>
    public CnnLstmMultiscale(int features, RandomSource rng, CnnLstmMultiscaleHyperparameters? h = null)
    {
        h ??= new CnnLstmMultiscaleHyperparameters();
        h.Validate();
        InputFeatures = features;
        (int Filters, int Kernel)[] scales = [(h.FiltersSmall, 3), (h.FiltersMedium, 5), (h.FiltersLarge, 7)];
        var units = h.LstmUnits;
        _branches = [.. scales.Select((s, i) => RegisterModule($"branch{i + 1}", new Conv1d<float>(features, s.Filters, s.Kernel, rng, padding: Padding.Same)))];
        _pool = RegisterModule("pool", new MaxPool1d<float>(2));
        _lstm1 = RegisterModule("lstm1", new Lstm<float>(scales.Sum(s => s.Filters), units, rng));
        _lstm2 = RegisterModule("lstm2", new Lstm<float>(units, units / 2, rng));
        _dropout = RegisterModule("dropout", new Dropout<float>(h.DropoutRate, rng));
        _dense = RegisterModule("dense", new Linear<float>(units / 2, h.DenseUnits, rng));
        _output = RegisterModule("output", new Linear<float>(h.DenseUnits, 1, rng));
    }

    /// <inheritdoc />
    public override string Architecture => "CnnLstmMultiscale";

    /// <inheritdoc />
    public override int InputFeatures { get; }

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> x)
    {
        var scales = _branches.Select(b => _pool.ForwardChannelsLast(Ops.Relu(b.ForwardChannelsLast(x)))).ToArray(); // each [B, T/2, f_k]
        var combined = Ops.Concat(2, scales);                                                                  // [B, T/2, sum f_k]
        var h = _dropout.Forward(_lstm1.Forward(combined).Output);
        var last = _dropout.Forward(Ops.LastStep(_lstm2.Forward(h).Output));
        return _output.Forward(_dropout.Forward(Ops.Relu(_dense.Forward(last))));
    }
}
