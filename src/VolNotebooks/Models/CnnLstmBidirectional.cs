using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary>Bidirectional CNN-LSTM of the VIX study: Conv1d -> MaxPool -> Conv1d -> BiLSTM -> Dropout -> BiLSTM -> Dropout -> Dense -> Dense.</summary>
public sealed class CnnLstmBidirectional : ForecastModel
{
    private readonly ConvolutionFront _front;
    private readonly Lstm<float> _lstm1;
    private readonly Lstm<float> _lstm2;
    private readonly Dropout<float> _dropout;
    private readonly Dropout<float> _denseDropout;
    private readonly Linear<float> _dense;
    private readonly Linear<float> _output;

    /// <summary>Builds the model.</summary>
    /// <param name="features">F.</param>
    /// <param name="rng">Seeded initialization and dropout.</param>
    /// <param name="h">Hyperparameters, or the research's defaults.</param>
    public CnnLstmBidirectional(int features, RandomSource rng, CnnLstmBidirectionalHyperparameters? h = null)
    {
        h ??= new CnnLstmBidirectionalHyperparameters();
        h.Validate();
        InputFeatures = features;
        int f1 = h.CnnFilters1, f2 = h.CnnFilters2, u1 = h.LstmUnits1, u2 = h.LstmUnits2, d = h.DenseUnits;
        var dropout = h.DropoutRate;
        _front = RegisterModule("front", new ConvolutionFront(features, f1, f2, rng));
        _lstm1 = RegisterModule("lstm1", new Lstm<float>(f2, u1, rng, bidirectional: true));
        _lstm2 = RegisterModule("lstm2", new Lstm<float>(2 * u1, u2, rng, bidirectional: true));
        _dropout = RegisterModule("dropout", new Dropout<float>(dropout, rng));
        _denseDropout = RegisterModule("dense_dropout", new Dropout<float>(dropout * 0.7, rng));
        _dense = RegisterModule("dense", new Linear<float>(2 * u2, d, rng));
        _output = RegisterModule("output", new Linear<float>(d, 1, rng));
    }

    /// <inheritdoc />
    public override string Architecture => "CnnLstmBidirectional";

    /// <inheritdoc />
    public override int InputFeatures { get; }

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> x)
    {
        var o1 = _dropout.Forward(_lstm1.Forward(_front.Forward(x)).Output);                  // [B, T/2, 2 u1]
        var o2 = _dropout.Forward(Ops.LastStep(_lstm2.Forward(o1).Output));                   // [B, 2 u2]
        return _output.Forward(_denseDropout.Forward(Ops.Relu(_dense.Forward(o2))));
    }
}
