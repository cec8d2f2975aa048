using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary>Shared pieces of the convolutional models: the engine's Conv1d takes channels first, <c>[B, C, L]</c>.</summary>
internal static class Sequences
{
    /// <summary><c>[B, T, F]</c> to <c>[B, F, T]</c> and back.</summary>
    public static Tensor<float> SwapTimeAndChannels(Tensor<float> x) => Ops.Transpose(x, 1, 2);
}

/// <summary>The VIX study's convolutional front shared by its Basic, Bidirectional and Attention variants:
/// <c>Conv1d(F, f1, 3, same) -> ReLU -> MaxPool(2) -> Conv1d(f1, f2, 3, same) -> ReLU</c>, from <c>[B, T, F]</c> to <c>[B, T/2, f2]</c>.</summary>
internal sealed class ConvolutionFront : Module<float>
{
    private readonly Conv1d<float> _conv1;
    private readonly MaxPool1d<float> _pool;
    private readonly Conv1d<float> _conv2;

    public ConvolutionFront(int features, int filters1, int filters2, RandomSource rng)
    {
        _conv1 = RegisterModule("conv1", new Conv1d<float>(features, filters1, 3, rng, padding: Padding.Same));
        _pool = RegisterModule("pool", new MaxPool1d<float>(2));
        _conv2 = RegisterModule("conv2", new Conv1d<float>(filters1, filters2, 3, rng, padding: Padding.Same));
    }

    public Tensor<float> Forward(Tensor<float> x) =>
        Sequences.SwapTimeAndChannels(Ops.Relu(_conv2.Forward(_pool.Forward(Ops.Relu(_conv1.Forward(Sequences.SwapTimeAndChannels(x)))))));
}

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
        var z = Ops.Relu(_conv.Forward(Sequences.SwapTimeAndChannels(x)));       // [B, filters, T]
        var (output, _) = _lstm.Forward(Sequences.SwapTimeAndChannels(z));        // [B, T, 2H]
        var (context, weights) = _attention.Forward(output);                      // [B, 2H], [B, T]
        LastAttention = weights;
        return _head.Forward(context);
    }
}

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

/// <summary>Deep CNN-LSTM of the VIX study: three Conv1d blocks (ReLU, BatchNorm, pooling after the first two), three LSTM
/// layers with dropout, and two dense layers.</summary>
public sealed class CnnLstmDeep : ForecastModel
{
    private readonly Conv1d<float>[] _convs;
    private readonly BatchNorm1d<float>[] _norms;
    private readonly MaxPool1d<float> _pool;
    private readonly Lstm<float>[] _lstms;
    private readonly Dropout<float> _dropout;
    private readonly Dropout<float> _denseDropout;
    private readonly Linear<float> _dense1;
    private readonly Linear<float> _dense2;
    private readonly Linear<float> _output;

    /// <summary>Builds the model.</summary>
    /// <param name="features">F.</param>
    /// <param name="rng">Seeded initialization and dropout.</param>
    /// <param name="h">Hyperparameters, or the research's defaults.</param>
    public CnnLstmDeep(int features, RandomSource rng, CnnLstmDeepHyperparameters? h = null)
    {
        h ??= new CnnLstmDeepHyperparameters();
        h.Validate();
        InputFeatures = features;
        int[] filters = [h.CnnFilters1, h.CnnFilters2, h.CnnFilters3];
        int[] units = [h.LstmUnits1, h.LstmUnits2, h.LstmUnits3];
        var dropout = h.DropoutRate;
        _convs = [.. filters.Select((f, i) => RegisterModule($"conv{i + 1}", new Conv1d<float>(i == 0 ? features : filters[i - 1], f, 3, rng, padding: Padding.Same)))];
        _norms = [.. filters.Select((f, i) => RegisterModule($"norm{i + 1}", new BatchNorm1d<float>(f)))];
        _pool = RegisterModule("pool", new MaxPool1d<float>(2));
        _lstms = [.. units.Select((u, i) => RegisterModule($"lstm{i + 1}", new Lstm<float>(i == 0 ? filters[^1] : units[i - 1], u, rng)))];
        _dropout = RegisterModule("dropout", new Dropout<float>(dropout, rng));
        _denseDropout = RegisterModule("dense_dropout", new Dropout<float>(dropout * 0.7, rng));
        _dense1 = RegisterModule("dense1", new Linear<float>(units[^1], h.DenseUnits1, rng));
        _dense2 = RegisterModule("dense2", new Linear<float>(h.DenseUnits1, h.DenseUnits2, rng));
        _output = RegisterModule("output", new Linear<float>(h.DenseUnits2, 1, rng));
    }

    /// <inheritdoc />
    public override string Architecture => "CnnLstmDeep";

    /// <inheritdoc />
    public override int InputFeatures { get; }

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> x)
    {
        var z = Sequences.SwapTimeAndChannels(x);                            // [B, F, T]
        for (var i = 0; i < _convs.Length; i++)
        {
            z = _norms[i].Forward(Ops.Relu(_convs[i].Forward(z)));
            if (i < 2) z = _pool.Forward(z);                                 // T -> T/2 -> T/4
        }

        var h = Sequences.SwapTimeAndChannels(z);                            // [B, T/4, f3]
        foreach (var lstm in _lstms) h = _dropout.Forward(lstm.Forward(h).Output);
        var last = Ops.LastStep(h);
        return _output.Forward(Ops.Relu(_dense2.Forward(_denseDropout.Forward(Ops.Relu(_dense1.Forward(last))))));
    }
}

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
        _attention = RegisterModule("attention", new MultiheadAttention<float>(units, heads, rng));
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

/// <summary>Multiscale CNN-LSTM of the VIX study: kernels 3, 5 and 7 in parallel (each pooled by 2), concatenated, then
/// LSTM -> Dropout -> LSTM(units / 2) -> Dropout -> Dense -> Dropout -> Dense.</summary>
public sealed class CnnLstmMultiscale : ForecastModel
{
    private readonly Conv1d<float>[] _branches;
    private readonly MaxPool1d<float> _pool;
    private readonly Lstm<float> _lstm1;
    private readonly Lstm<float> _lstm2;
    private readonly Dropout<float> _dropout;
    private readonly Linear<float> _dense;
    private readonly Linear<float> _output;

    /// <summary>Builds the model.</summary>
    /// <param name="features">F.</param>
    /// <param name="rng">Seeded initialization and dropout.</param>
    /// <param name="h">Hyperparameters, or the research's defaults.</param>
    public CnnLstmMultiscale(int features, RandomSource rng, CnnLstmMultiscaleHyperparameters? h = null)
    {
        h ??= new CnnLstmMultiscaleHyperparameters();
        h.Validate();
        InputFeatures = features;
        (int Filters, int Kernel)[] scales = [(h.FiltersSmall, 3), (h.FiltersMedium, 5), (h.FiltersLarge, 7)];
        var units = h.LstmUnits;
        _branches = [.. scales.Select((s, i) => RegisterModule($"branch{i + 1}", new Conv1d<float>(features, s.Filters, s.Kernel, rng, padding: Padding.Same)))];
        _pool = RegisterModule("pool", new MaxPool1d<float>(2));
        _lstm1 = RegisterModule("lstm1", new Lstm<float>(scales.Sum(s => s.Filters), units, rng));
        _lstm2 = RegisterModule("lstm2", new Lstm<float>(units, units / 2, rng));
        _dropout = RegisterModule("dropout", new Dropout<float>(h.DropoutRate, rng));
        _dense = RegisterModule("dense", new Linear<float>(units / 2, h.DenseUnits, rng));
        _output = RegisterModule("output", new Linear<float>(h.DenseUnits, 1, rng));
    }

    /// <inheritdoc />
    public override string Architecture => "CnnLstmMultiscale";

    /// <inheritdoc />
    public override int InputFeatures { get; }

    /// <inheritdoc />
    public override Tensor<float> Forward(Tensor<float> x)
    {
        var channelsFirst = Sequences.SwapTimeAndChannels(x);
        var scales = _branches.Select(b => _pool.Forward(Ops.Relu(b.Forward(channelsFirst)))).ToArray();   // each [B, f_k, T/2]
        var combined = Sequences.SwapTimeAndChannels(Ops.Concat(1, scales));                           // [B, T/2, sum f_k]
        var h = _dropout.Forward(_lstm1.Forward(combined).Output);
        var last = _dropout.Forward(Ops.LastStep(_lstm2.Forward(h).Output));
        return _output.Forward(_dropout.Forward(Ops.Relu(_dense.Forward(last))));
    }
}

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
