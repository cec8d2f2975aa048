using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary>The explainable study's LSTM-Attention with two heads (research 004): LSTM(128) -> LSTM(64) -> additive
/// attention (64) -> a volatility head and a Value-at-Risk head, trained with <c>0.7 MSE + 0.3 pinball(tau = 0.01)</c>.</summary>
/// <remarks>Output <c>[B, 2]</c>: column 0 the volatility forecast (softplus, positive), column 1 the return quantile
/// (the VaR, usually negative). The attention weights over the time steps are kept in <see cref="LastAttention"/> to
/// explain forecasts.</remarks>
public sealed class LstmAttentionDual : ForecastModel, IAttentionModel
{
    private readonly Lstm<float> _lstm1;
    private readonly Lstm<float> _lstm2;
    private readonly AdditiveAttention<float> _attention;
    private readonly Linear<float> _volatility;
    private readonly Linear<float> _valueAtRisk;

    /// <summary>Builds the model.</summary>
    /// <param name="features">F.</param>
    /// <param name="rng">Seeded initialization.</param>
    /// <param name="h">Hyperparameters, or the study's (128, 64, attention 64).</param>
    public LstmAttentionDual(int features, RandomSource rng, LstmAttentionDualHyperparameters? h = null)
    {
        h ??= new LstmAttentionDualHyperparameters();
        h.Validate();
        var (hidden1, hidden2, attentionUnits) = (h.Hidden1, h.Hidden2, h.AttentionUnits);
        InputFeatures = features;
        _lstm1 = RegisterModule("lstm1", new Lstm<float>(features, hidden1, rng));
        _lstm2 = RegisterModule("lstm2", new Lstm<float>(hidden1, hidden2, rng));
        _attention = RegisterModule("attention", new AdditiveAttention<float>(hidden2, attentionUnits, rng));
        _volatility = RegisterModule("vol_head", new Linear<float>(hidden2, 1, rng));
        _valueAtRisk = RegisterModule("var_head", new Linear<float>(hidden2, 1, rng));
    }

    /// <inheritdoc />
    public override string Architecture => "LSTMAttentionDual";

    /// <inheritdoc />
    public override int InputFeatures { get; }

    /// <inheritdoc />
    public override int Outputs => 2;

    /// <summary>The attention weights <c>[B, T]</c> of the last forward pass.</summary>
    public Tensor<float>? LastAttention { get; private set; }

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> x)
    {
        var (h1, _) = _lstm1.Forward(x);
        var (h2, _) = _lstm2.Forward(h1);                          // [B, T, H2]
        var (context, weights) = _attention.Forward(h2);           // [B, H2], [B, T]
        LastAttention = weights;
        return Ops.Concat(1, Ops.Softplus(_volatility.Forward(context)), _valueAtRisk.Forward(context));   // [B, 2]
    }
}
