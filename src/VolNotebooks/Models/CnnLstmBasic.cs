using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary>Basic CNN-LSTM of the VIX study (research 002): Conv1d 3 -> MaxPool 2 -> Conv1d -> LSTM -> Dropout -> LSTM -> Dropout -> Dense -> Dense.</summary>
public sealed class CnnLstmBasic : ForecastModel
{
    private readonly ConvolutionFront _front;
    private readonly Lstm<float> _lstm1;
    private readonly Dropout<float> _drop1;
    private readonly Lstm<float> _lstm2;
    private readonly Dropout<float> _drop2;
    private readonly Linear<float> _dense;
    private readonly Linear<float> _output;

    /// <summary>Builds the model.</summary>
    /// <param name="features">F.</param>
    /// <param name="rng">Seeded initialization and dropout.</param>
    /// <param name="h">Hyperparameters, or the research's defaults.</param>
    public CnnLstmBasic(int features, RandomSource rng, CnnLstmBasicHyperparameters? h = null)
    {
        h ??= new CnnLstmBasicHyperparameters();
        h.Validate();
        InputFeatures = features;
        int f1 = h.CnnFilters1, f2 = h.CnnFilters2, u1 = h.LstmUnits1, u2 = h.LstmUnits2;
        var dropout = h.DropoutRate;
        _front = RegisterModule("front", new ConvolutionFront(features, f1, f2, rng));
        _lstm1 = RegisterModule("lstm1", new Lstm<float>(f2, u1, rng));
        _drop1 = RegisterModule("drop1", new Dropout<float>(dropout, rng));
        _lstm2 = RegisterModule("lstm2", new Lstm<float>(u1, u2, rng));
        _drop2 = RegisterModule("drop2", new Dropout<float>(dropout, rng));
        _dense = RegisterModule("dense", new Linear<float>(u2, h.DenseUnits, rng));
        _output = RegisterModule("output", new Linear<float>(h.DenseUnits, 1, rng));
    }

    /// <inheritdoc />
    public override string Architecture => "CnnLstmBasic";

    /// <inheritdoc />
    public override int InputFeatures { get; }

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> x)
    {
        var (o1, _) = _lstm1.Forward(_front.Forward(x));                     // [B, T/2, u1]
        var (o2, _) = _lstm2.Forward(_drop1.Forward(o1));                    // [B, T/2, u2]
        var last = _drop2.Forward(Ops.LastStep(o2));                         // [B, u2]
        return _output.Forward(Ops.Relu(_dense.Forward(last)));
    }
}
