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
