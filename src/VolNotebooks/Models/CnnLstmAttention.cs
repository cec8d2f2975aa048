using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary>Attention CNN-LSTM of the VIX study: Conv1d -> MaxPool -> Conv1d -> LSTM -> Dropout -> MultiheadAttention ->
/// LayerNorm -> residual add -> global average pooling -> Dense -> Dropout -> Dense.</summary>
public sealed class CnnLstmAttention : ForecastModel
{
    private readonly ConvolutionFront _front;
    private readonly Lstm<float> _lstm;
    private readonly Dropout<float> _dropout;
    private readonly MultiheadAttention<float> _attention;
    private readonly LayerNorm<float> _norm;
    private readonly Linear<float> _dense;
    private readonly Linear<float> _output;

    /// <summary>Builds the model.</summary>
    /// <param name="features">F.</param>
    /// <param name="rng">Seeded initialization and dropout.</param>
    /// <param name="h">Hyperparameters, or the research's defaults.</param>
    public CnnLstmAttention(int features, RandomSource rng, CnnLstmAttentionHyperparameters? h = null)
    {
        h ??= new CnnLstmAttentionHyperparameters();
        h.Validate();
        InputFeatures = features;
        int f1 = h.CnnFilters1, f2 = h.CnnFilters2, units = h.LstmUnits, heads = h.AttentionHeads, d = h.DenseUnits;
        Hyperparameters = h;
        _front = RegisterModule("front", new ConvolutionFront(features, f1, f2, rng));
        _lstm = RegisterModule("lstm", new Lstm<float>(f2, units, rng));
        _dropout = RegisterModule("dropout", new Dropout<float>(h.DropoutRate, rng));
        // Keras' MultiHeadAttention(num_heads=heads, key_dim=units // heads), as the study builds it: with heads not dividing
        // units (6 of 64) the heads span heads * (units / heads) features and the output projection maps them back to units.
        _attention = RegisterModule("attention", new MultiheadAttention<float>(units, heads, rng, headDim: units / heads));
        _norm = RegisterModule("norm", new LayerNorm<float>(units));
        _dense = RegisterModule("dense", new Linear<float>(units, d, rng));
        _output = RegisterModule("output", new Linear<float>(d, 1, rng));
    }

    /// <inheritdoc />
    public override string Architecture => "CnnLstmAttention";

    /// <inheritdoc />
    public override int InputFeatures { get; }

    /// <summary>The hyperparameters it was built with (the export reads the attention heads, which no weight shape shows).</summary>
    public CnnLstmAttentionHyperparameters Hyperparameters { get; }

    /// <summary>The attention weights of the last forward pass.</summary>
    public Tensor<float>? LastAttention { get; private set; }

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> x)
    {
        var h = _dropout.Forward(_lstm.Forward(_front.Forward(x)).Output);                 // [B, T/2, U]
        var (attended, weights) = _attention.Forward(h);
        LastAttention = weights;
        var combined = Ops.Add(h, _norm.Forward(attended));                               // residual
        var pooled = Ops.MeanAxis(combined, 1);                                           // [B, U]
        return _output.Forward(_dropout.Forward(Ops.Relu(_dense.Forward(pooled))));
    }
}
