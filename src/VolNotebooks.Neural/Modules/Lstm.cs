using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>Multi-layer, optionally bidirectional LSTM over batch-first sequences (PyTorch <c>nn.LSTM(batch_first=True)</c>).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <remarks>
/// Parameters per layer l and direction are named <c>l{l}.w_ih</c> [4H, in], <c>l{l}.w_hh</c> [4H, H], <c>l{l}.b_ih</c>,
/// <c>l{l}.b_hh</c> [4H] (reverse direction: <c>l{l}_reverse.*</c>), gate blocks in the order i, f, g, o, both biases added,
/// as in PyTorch. Layer l ≥ 1 reads [forward h, backward h] of layer l-1. Dropout (training only) is applied to the
/// outputs of every layer except the last. Recurrent dropout (training only, Keras <c>recurrent_dropout</c>) draws one
/// mask [B, H] per layer, direction and forward call - one per sequence, the same at every step - and multiplies it into
/// h_(t-1) where the recurrence reads it; with 0 the layer is exactly the one without it. Initialization: U(-1/√H, 1/√H)
/// for every parameter.
/// </remarks>
public sealed class Lstm<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LstmWeights<T>[] _cells;
    private readonly Dropout<T>? _dropout;
    private readonly RandomSource? _recurrentRng;

    /// <summary>Creates the LSTM with PyTorch's default initialization drawn from <paramref name="rng"/>.</summary>
    /// <param name="inputSize">Input features F.</param>
    /// <param name="hiddenSize">Hidden size H per direction.</param>
    /// <param name="rng">Draws the weights, then seeds the dropout masks.</param>
    /// <param name="numLayers">Stacked layers.</param>
    /// <param name="bidirectional">Whether each layer also runs backwards in time.</param>
    /// <param name="dropout">Probability in [0, 1) of zeroing an output of every layer but the last (training only).</param>
    /// <param name="recurrentDropout">Probability in [0, 1) of zeroing a unit of h_(t-1) in the recurrence, one mask per
    /// sequence (training only).</param>
    public Lstm(
        int inputSize, int hiddenSize, RandomSource rng, int numLayers = 1, bool bidirectional = false, double dropout = 0.0,
        double recurrentDropout = 0.0)
    {
        if (recurrentDropout < 0 || recurrentDropout >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(recurrentDropout), recurrentDropout, "Recurrent dropout must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numLayers);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        Bidirectional = bidirectional;
        int directions = bidirectional ? 2 : 1;
        _cells = new LstmWeights<T>[numLayers * directions];
        double bound = 1.0 / Math.Sqrt(hiddenSize);
        for (int l = 0; l < numLayers; l++)
        {
            int inSize = l == 0 ? inputSize : hiddenSize * directions;
            for (int d = 0; d < directions; d++)
            {
                string name = d == 0 ? $"l{l}" : $"l{l}_reverse";
                _cells[l * directions + d] = RegisterModule(name, new LstmWeights<T>(inSize, hiddenSize, bound, rng));
            }
        }

        if (dropout > 0 && numLayers > 1)
        {
            _dropout = RegisterModule("dropout", new Dropout<T>(dropout, rng));
        }

        RecurrentDropout = recurrentDropout;
        if (recurrentDropout > 0)
        {
            // Drawn last, so that a network without recurrent dropout keeps every weight and mask it had before.
            _recurrentRng = new RandomSource(rng.NextUInt64());
        }
    }

    /// <summary>Input feature count F.</summary>
    public int InputSize { get; }

    /// <summary>Hidden size H per direction.</summary>
    public int HiddenSize { get; }

    /// <summary>Number of stacked layers.</summary>
    public int NumLayers { get; }

    /// <summary>Whether each layer also runs backwards in time.</summary>
    public bool Bidirectional { get; }

    /// <summary>Probability of zeroing a unit of the hidden state the recurrence reads, in training (0 for none).</summary>
    public double RecurrentDropout { get; }

    /// <summary>Runs the LSTM: x [B, T, F], optional (h0, c0) each [layers·directions, B, H].</summary>
    /// <returns>Output [B, T, directions·H] of the last layer and (h_n, c_n) each [layers·directions, B, H].</returns>
    public (Tensor<T> Output, (Tensor<T> H, Tensor<T> C) State) Forward(Tensor<T> x, (Tensor<T> H0, Tensor<T> C0)? initial = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        int directions = Bidirectional ? 2 : 1;
        int b = x.Dim(0);
        if (initial is { } init)
        {
            foreach (var s in new[] { init.H0, init.C0 })
            {
                if (s.Rank != 3 || s.Dim(0) != _cells.Length || s.Dim(1) != b || s.Dim(2) != HiddenSize)
                {
                    throw new ArgumentException(
                        $"Initial state must be [{_cells.Length}, {b}, {HiddenSize}], got {s.ShapeText}.", nameof(initial));
                }
            }
        }

        var hn = new Tensor<T>[_cells.Length];
        var cn = new Tensor<T>[_cells.Length];
        Tensor<T> input = x;
        for (int l = 0; l < NumLayers; l++)
        {
            var outs = new Tensor<T>[directions];
            for (int d = 0; d < directions; d++)
            {
                int k = l * directions + d;
                Tensor<T>? h0 = null, c0 = null;
                if (initial is { } st)
                {
                    h0 = Ops.Reshape(Ops.Slice(st.H0, 0, k, 1), b, HiddenSize);
                    c0 = Ops.Reshape(Ops.Slice(st.C0, 0, k, 1), b, HiddenSize);
                }

                var w = _cells[k];
                var mask = IsTraining && _recurrentRng is not null ? RecurrentMask(b) : null;
                var (o, h, c) = Ops.LstmLayer(input, w.WeightIh, w.WeightHh, w.BiasIh, w.BiasHh, h0, c0, reverse: d == 1, mask);
                outs[d] = o;
                hn[k] = Ops.Reshape(h, 1, b, HiddenSize);
                cn[k] = Ops.Reshape(c, 1, b, HiddenSize);
            }

            input = directions == 1 ? outs[0] : Ops.Concat(-1, outs);
            if (_dropout is not null && l < NumLayers - 1)
            {
                input = _dropout.Forward(input);
            }
        }

        var hState = hn.Length == 1 ? hn[0] : Ops.Concat(0, hn);
        var cState = cn.Length == 1 ? cn[0] : Ops.Concat(0, cn);
        return (input, (hState, cState));
    }

    // One inverted-dropout mask [B, H] per sequence: 0 with probability p, else 1/(1-p).
    private Tensor<T> RecurrentMask(int batch)
    {
        var mask = GC.AllocateUninitializedArray<T>(batch * HiddenSize);
        _recurrentRng!.FillDropoutMask<T>(mask, RecurrentDropout, T.CreateTruncating(1.0 / (1.0 - RecurrentDropout)));

        return new Tensor<T>(mask, batch, HiddenSize);
    }
}

/// <summary>The four parameters of one LSTM layer in one direction.</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class LstmWeights<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the parameters, each drawn from U(-bound, bound).</summary>
    public LstmWeights(int inputSize, int hiddenSize, double bound, RandomSource rng)
    {
        WeightIh = RegisterParameter("w_ih", new Tensor<T>(4 * hiddenSize, inputSize));
        WeightHh = RegisterParameter("w_hh", new Tensor<T>(4 * hiddenSize, hiddenSize));
        BiasIh = RegisterParameter("b_ih", new Tensor<T>(4 * hiddenSize));
        BiasHh = RegisterParameter("b_hh", new Tensor<T>(4 * hiddenSize));
        foreach (var p in Parameters())
        {
            Init.Uniform(p.Value, bound, rng);
        }
    }

    /// <summary>Input weights [4H, in], gate blocks i, f, g, o.</summary>
    public Tensor<T> WeightIh { get; }

    /// <summary>Recurrent weights [4H, H].</summary>
    public Tensor<T> WeightHh { get; }

    /// <summary>Input bias [4H].</summary>
    public Tensor<T> BiasIh { get; }

    /// <summary>Recurrent bias [4H].</summary>
    public Tensor<T> BiasHh { get; }
}
