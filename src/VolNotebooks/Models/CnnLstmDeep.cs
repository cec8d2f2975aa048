using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary>Deep CNN-LSTM of the VIX study: three Conv1d blocks (ReLU, BatchNorm, pooling after the first two), three LSTM
/// layers with dropout, and two dense layers.</summary>
public sealed class CnnLstmDeep : ForecastModel
{
    private readonly Conv1d<float>[] _convs;
    private readonly BatchNorm1d<float>[] _norms;
    private readonly MaxPool1d<float> _pool;
    private readonly Lstm<float>[] _lstms;
    private readonly Dropout<float> _dropout;
    private readonly Dropout<float> _denseDropout;
    private readonly Linear<float> _dense1;
    private readonly Linear<float> _dense2;
    private readonly Linear<float> _output;

    /// <summary>Builds the model.</summary>
    /// <param name="features">F.</param>
    /// <param name="rng">Seeded initialization and dropout.</param>
    /// <param name="h">Hyperparameters, or the research's defaults.</param>
    public CnnLstmDeep(int features, RandomSource rng, CnnLstmDeepHyperparameters? h = null)
    {
        h ??= new CnnLstmDeepHyperparameters();
        h.Validate();
        InputFeatures = features;
        int[] filters = [h.CnnFilters1, h.CnnFilters2, h.CnnFilters3];
        int[] units = [h.LstmUnits1, h.LstmUnits2, h.LstmUnits3];
        var dropout = h.DropoutRate;
        _convs = [.. filters.Select((f, i) => RegisterModule($"conv{i + 1}", new Conv1d<float>(i == 0 ? features : filters[i - 1], f, 3, rng, padding: Padding.Same)))];
        _norms = [.. filters.Select((f, i) => RegisterModule($"norm{i + 1}", new BatchNorm1d<float>(f)))];
        _pool = RegisterModule("pool", new MaxPool1d<float>(2));
        _lstms = [.. units.Select((u, i) => RegisterModule($"lstm{i + 1}", new Lstm<float>(i == 0 ? filters[^1] : units[i - 1], u, rng)))];
        _dropout = RegisterModule("dropout", new Dropout<float>(dropout, rng));
        _denseDropout = RegisterModule("dense_dropout", new Dropout<float>(dropout * 0.7, rng));
        _dense1 = RegisterModule("dense1", new Linear<float>(units[^1], h.DenseUnits1, rng));
        _dense2 = RegisterModule("dense2", new Linear<float>(h.DenseUnits1, h.DenseUnits2, rng));
        _output = RegisterModule("output", new Linear<float>(h.DenseUnits2, 1, rng));
    }

    /// <inheritdoc />
    public override string Architecture => "CnnLstmDeep";

    /// <inheritdoc />
    public override int InputFeatures { get; }

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> x)
    {
        var h = x;                                                           // [B, T, F] -> [B, T/4, f3], channels last
        for (var i = 0; i < _convs.Length; i++)
        {
            h = _norms[i].ForwardChannelsLast(Ops.Relu(_convs[i].ForwardChannelsLast(h)));
            if (i < 2) h = _pool.ForwardChannelsLast(h);                     // T -> T/2 -> T/4
        }

        foreach (var lstm in _lstms) h = _dropout.Forward(lstm.Forward(h).Output);
        var last = Ops.LastStep(h);
        return _output.Forward(Ops.Relu(_dense2.Forward(_denseDropout.Forward(Ops.Relu(_dense1.Forward(last))))));
    }
}
