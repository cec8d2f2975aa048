using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary><c>LSTMVol</c> of the LSTM volatility notebook (research 001): LSTM -> last time step -> Linear, with a
/// softplus output so a variance target is always positive.</summary>
/// <remarks>Stack: <c>LSTM(F, hidden, layers, dropout between layers)</c> -> <c>h_T</c> -> <c>Linear(hidden, 1)</c> ->
/// <c>softplus</c> when <see cref="PositiveOutput"/>. The notebook trains it with QLIKE, which needs positive forecasts.</remarks>
public sealed class LstmVol : ForecastModel
{
    private readonly Lstm<float> _lstm;
    private readonly Linear<float> _head;

    /// <summary>Builds the model with PyTorch's default initialization from <paramref name="rng"/>.</summary>
    /// <param name="features">F, input features per step.</param>
    /// <param name="rng">Seeded initialization source.</param>
    /// <param name="h">Hyperparameters, or the research's defaults.</param>
    /// <param name="positiveOutput">Apply softplus to the output (variance and volatility targets).</param>
    public LstmVol(int features, RandomSource rng, LstmVolHyperparameters? h = null, bool positiveOutput = true)
    {
        h ??= new LstmVolHyperparameters();
        h.Validate();
        var (hidden, layers, dropout) = (h.Hidden, h.Layers, h.DropoutRate);
        InputFeatures = features;
        PositiveOutput = positiveOutput;
        _lstm = RegisterModule("lstm", new Lstm<float>(features, hidden, rng, layers, dropout: layers > 1 ? dropout : 0));
        _head = RegisterModule("head", new Linear<float>(hidden, 1, rng));
    }

    /// <inheritdoc />
    public override string Architecture => "LSTMVol";

    /// <inheritdoc />
    public override int InputFeatures { get; }

    /// <summary>Whether the output goes through softplus.</summary>
    public bool PositiveOutput { get; }

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> x)
    {
        var last = Ops.LastStep(_lstm.Forward(x).Output); // [B, H]
        var y = _head.Forward(last);                      // [B, 1]
        return PositiveOutput ? Ops.Softplus(y) : y;
    }
}

/// <summary><c>LSTMForecaster</c> of the ablation study (research 003): LSTM(64, 2 layers, dropout 0.2) -> last step ->
/// Linear(64, 32) -> ReLU -> Linear(32, 1).</summary>
public sealed class LstmForecaster : ForecastModel
{
    private readonly Lstm<float> _lstm;
    private readonly Linear<float> _hidden;
    private readonly Linear<float> _output;

    /// <summary>Builds the model with PyTorch's default initialization from <paramref name="rng"/>.</summary>
    /// <param name="features">F: 1 (raw returns), 6 (OHLCV) or 5 (engineered) in the study.</param>
    /// <param name="rng">Seeded initialization source.</param>
    /// <param name="h">Hyperparameters, or the study's (LSTM 64, 2 layers, dropout 0.2).</param>
    public LstmForecaster(int features, RandomSource rng, LstmForecasterHyperparameters? h = null)
    {
        h ??= new LstmForecasterHyperparameters();
        h.Validate();
        var (hidden, layers, dropout) = (h.Hidden, h.Layers, h.DropoutRate);
        InputFeatures = features;
        _lstm = RegisterModule("lstm", new Lstm<float>(features, hidden, rng, layers, dropout: dropout));
        _hidden = RegisterModule("head.0", new Linear<float>(hidden, 32, rng));
        _output = RegisterModule("head.2", new Linear<float>(32, 1, rng));
    }

    /// <inheritdoc />
    public override string Architecture => "LSTMForecaster";

    /// <inheritdoc />
    public override int InputFeatures { get; }

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> x) =>
        _output.Forward(Ops.Relu(_hidden.Forward(Ops.LastStep(_lstm.Forward(x).Output))));
}

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
