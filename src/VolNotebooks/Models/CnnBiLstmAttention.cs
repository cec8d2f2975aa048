using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary>CNN-BiLSTM-Attention of the architectural blueprint (research 000): Conv1d -> bidirectional LSTM -> additive attention -> Dense.</summary>
/// <remarks>Stack: <c>Conv1d(F, filters, 3, same) -> ReLU -> BiLSTM(hidden) -> AdditiveAttention(2 hidden, units) -> Linear(2 hidden, 1)</c>;
/// the attention weights over the time steps are kept in <see cref="LastAttention"/> for explanation.</remarks>
public sealed class CnnBiLstmAttention : ForecastModel
{
    private readonly Conv1d<float> _conv;
    private readonly Lstm<float> _lstm;
    private readonly AdditiveAttention<float> _attention;
    private readonly Linear<float> _head;

    /// <summary>Builds the model.</summary>
    /// <param name="features">F.</param>
    /// <param name="rng">Seeded initialization.</param>
    /// <param name="h">Hyperparameters, or the research's defaults.</param>
    public CnnBiLstmAttention(int features, RandomSource rng, CnnBiLstmAttentionHyperparameters? h = null)
    {
        h ??= new CnnBiLstmAttentionHyperparameters();
        h.Validate();
        InputFeatures = features;
        var filters = h.Filters;
        var hidden = h.Hidden;
        _conv = RegisterModule("conv", new Conv1d<float>(features, filters, 3, rng, padding: Padding.Same));
        _lstm = RegisterModule("lstm", new Lstm<float>(filters, hidden, rng, bidirectional: true));
        _attention = RegisterModule("attention", new AdditiveAttention<float>(2 * hidden, h.AttentionUnits, rng));
        _head = RegisterModule("head", new Linear<float>(2 * hidden, 1, rng));
    }

    /// <inheritdoc />
    public override string Architecture => "CnnBiLstmAttention";

    /// <inheritdoc />
    public override int InputFeatures { get; }

    /// <summary>The attention weights <c>[B, T]</c> of the last forward pass.</summary>
    public Tensor<float>? LastAttention { get; private set; }

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> x)
    {
        var z = Ops.Relu(_conv.ForwardChannelsLast(x));                          // [B, T, filters]
        var (output, _) = _lstm.Forward(z);                                       // [B, T, 2H]
        var (context, weights) = _attention.Forward(output);                      // [B, 2H], [B, T]
        LastAttention = weights;
        return _head.Forward(context);
    }
}
