using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary>The explainable study's model as it defines it (research 004): LSTM(128) -> LSTM(64), both with recurrent
/// dropout 0.1, -> additive attention (64) -> a volatility head and a 1% Value-at-Risk head for each of K horizons
/// (1, 5 and 22 trading days by default), trained with <c>0.7 MSE + 0.3 pinball(tau = 0.01)</c> averaged over the horizons.</summary>
/// <remarks>Output <c>[B, 2K]</c>: columns <c>0 .. K-1</c> the volatility forecasts over each horizon (softplus, positive),
/// columns <c>K .. 2K-1</c> the quantiles of the return over each horizon (the VaR, usually negative); with one horizon
/// the layout is <see cref="LstmAttentionDual"/>'s. The attention weights over the T days are kept in
/// <see cref="LastAttention"/>.</remarks>
public sealed class LstmAttentionMultiHorizon : ForecastModel, IAttentionModel
{
    private readonly Lstm<float> _lstm1;
    private readonly Lstm<float> _lstm2;
    private readonly AdditiveAttention<float> _attention;
    private readonly Linear<float> _volatility;
    private readonly Linear<float> _valueAtRisk;

    /// <summary>Builds the model.</summary>
    /// <param name="features">F, input features per day.</param>
    /// <param name="rng">Seeded initialization (and recurrent-dropout masks).</param>
    /// <param name="h">Hyperparameters, or the study's (128, 64, attention 64, recurrent dropout 0.1, horizons 1, 5, 22).</param>
    public LstmAttentionMultiHorizon(int features, RandomSource rng, LstmAttentionMultiHorizonHyperparameters? h = null)
    {
        h ??= new LstmAttentionMultiHorizonHyperparameters();
        h.Validate();
        InputFeatures = features;
        Horizons = [.. h.HorizonDays];
        _lstm1 = RegisterModule("lstm1", new Lstm<float>(features, h.Hidden1, rng, recurrentDropout: h.RecurrentDropout));
        _lstm2 = RegisterModule("lstm2", new Lstm<float>(h.Hidden1, h.Hidden2, rng, recurrentDropout: h.RecurrentDropout));
        _attention = RegisterModule("attention", new AdditiveAttention<float>(h.Hidden2, h.AttentionUnits, rng));
        _volatility = RegisterModule("vol_head", new Linear<float>(h.Hidden2, Horizons.Count, rng));
        _valueAtRisk = RegisterModule("var_head", new Linear<float>(h.Hidden2, Horizons.Count, rng));
    }

    /// <inheritdoc />
    public override string Architecture => "LSTMAttentionMultiHorizon";

    /// <inheritdoc />
    public override int InputFeatures { get; }

    /// <inheritdoc />
    public override int Outputs => 2 * Horizons.Count;

    /// <summary>The horizons in trading days, in output order.</summary>
    public IReadOnlyList<int> Horizons { get; }

    /// <summary>The attention weights <c>[B, T]</c> of the last forward pass (each row sums to 1).</summary>
    public Tensor<float>? LastAttention { get; private set; }

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> x)
    {
        var (h1, _) = _lstm1.Forward(x);                          // [B, T, H1]
        var (h2, _) = _lstm2.Forward(h1);                         // [B, T, H2]
        var (context, weights) = _attention.Forward(h2);          // [B, H2], [B, T]
        LastAttention = weights;
        return Ops.Concat(1, Ops.Softplus(_volatility.Forward(context)), _valueAtRisk.Forward(context));   // [B, 2K]
    }
}
