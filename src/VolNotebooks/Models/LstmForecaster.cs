using VolNotebooks.Neural;

namespace VolNotebooks.Models;

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
