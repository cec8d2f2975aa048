using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary>A Transformer-encoder forecaster (the LSTM notebook's Transformer variant): Linear(F, d) -> sinusoidal positional
/// encoding -> encoder layers -> last step -> Linear(d, 1).</summary>
public sealed class TransformerForecaster : ForecastModel
{
    private readonly Linear<float> _embed;
    private readonly PositionalEncoding<float> _position;
    private readonly TransformerEncoderLayer<float>[] _layers;
    private readonly Linear<float> _head;

    /// <summary>Builds the model.</summary>
    /// <param name="features">F.</param>
    /// <param name="rng">Seeded initialization and dropout.</param>
    /// <param name="h">Hyperparameters, or the research's defaults.</param>
    public TransformerForecaster(int features, RandomSource rng, TransformerForecasterHyperparameters? h = null)
    {
        h ??= new TransformerForecasterHyperparameters();
        h.Validate();
        InputFeatures = features;
        var d = h.DModel;
        Hyperparameters = h;
        _embed = RegisterModule("embed", new Linear<float>(features, d, rng));
        _position = RegisterModule("position", new PositionalEncoding<float>(d));
        _layers = [.. Enumerable.Range(0, h.Layers).Select(i => RegisterModule(
            $"encoder{i}", new TransformerEncoderLayer<float>(d, h.Heads, rng, h.Feedforward, h.DropoutRate)))];
        _head = RegisterModule("head", new Linear<float>(d, 1, rng));
    }

    /// <inheritdoc />
    public override string Architecture => "TransformerForecaster";

    /// <inheritdoc />
    public override int InputFeatures { get; }

    /// <summary>The hyperparameters it was built with (the export reads the heads, which no weight shape shows).</summary>
    public TransformerForecasterHyperparameters Hyperparameters { get; }

    /// <summary>The fixed sinusoidal encoding added after the embedding (not a parameter; the export copies its table).</summary>
    public PositionalEncoding<float> Position => _position;

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> x)
    {
        var z = _position.Forward(_embed.Forward(x));     // [B, T, d]
        foreach (var layer in _layers) z = layer.Forward(z);
        return _head.Forward(Ops.LastStep(z));
    }
}
