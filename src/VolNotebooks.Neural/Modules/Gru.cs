using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>Multi-layer, optionally bidirectional GRU over batch-first sequences (PyTorch <c>nn.GRU(batch_first=True)</c>).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <remarks>
/// Gate order r, z, n: r = σ(W_ir x + b_ir + W_hr h + b_hr); z = σ(W_iz x + b_iz + W_hz h + b_hz);
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)); h' = (1 - z) ⊙ n + z ⊙ h. Parameters <c>l{l}.w_ih</c> [3H, in],
/// <c>l{l}.w_hh</c> [3H, H], <c>l{l}.b_ih</c>, <c>l{l}.b_hh</c> [3H] (reverse: <c>l{l}_reverse.*</c>). Built from
/// differentiable primitives step by step (no fused kernel); the input projection covers all steps at once.
/// </remarks>
public sealed class Gru<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly GruWeights<T>[] _cells;
    private readonly Dropout<T>? _dropout;

    /// <summary>Creates the GRU with PyTorch's default initialization U(-1/√H, 1/√H).</summary>
    public Gru(int inputSize, int hiddenSize, RandomSource rng, int numLayers = 1, bool bidirectional = false, double dropout = 0.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numLayers);
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        Bidirectional = bidirectional;
        int directions = bidirectional ? 2 : 1;
        _cells = new GruWeights<T>[numLayers * directions];
        for (int l = 0; l < numLayers; l++)
        {
            int inSize = l == 0 ? inputSize : hiddenSize * directions;
            for (int d = 0; d < directions; d++)
            {
                _cells[l * directions + d] = RegisterModule(d == 0 ? $"l{l}" : $"l{l}_reverse", new GruWeights<T>(inSize, hiddenSize, rng));
            }
        }

        if (dropout > 0 && numLayers > 1)
        {
            _dropout = RegisterModule("dropout", new Dropout<T>(dropout, rng));
        }
    }

    /// <summary>Hidden size H per direction.</summary>
    public int HiddenSize { get; }

    /// <summary>Number of stacked layers.</summary>
    public int NumLayers { get; }

    /// <summary>Whether each layer also runs backwards in time.</summary>
    public bool Bidirectional { get; }

    /// <summary>x [B, T, F], optional h0 [layers·directions, B, H] → output [B, T, directions·H] and h_n [layers·directions, B, H].</summary>
    public (Tensor<T> Output, Tensor<T> HN) Forward(Tensor<T> x, Tensor<T>? h0 = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        int directions = Bidirectional ? 2 : 1, b = x.Dim(0), steps = x.Dim(1), h = HiddenSize;
        var hn = new Tensor<T>[_cells.Length];
        Tensor<T> input = x;
        for (int l = 0; l < NumLayers; l++)
        {
            var outs = new Tensor<T>[directions];
            for (int d = 0; d < directions; d++)
            {
                int k = l * directions + d;
                var w = _cells[k];
                var xp = Ops.Linear(input, w.WeightIh, w.BiasIh); // [B, T, 3H]
                Tensor<T> state = h0 is null ? new Tensor<T>(b, h) : Ops.Reshape(Ops.Slice(h0, 0, k, 1), b, h);
                var perStep = new Tensor<T>[steps];
                for (int s = 0; s < steps; s++)
                {
                    int t = d == 1 ? steps - 1 - s : s;
                    var xt = Ops.Reshape(Ops.Slice(xp, 1, t, 1), b, 3 * h);
                    var hp = Ops.Linear(state, w.WeightHh, w.BiasHh); // [B, 3H]
                    var r = Ops.Sigmoid(Ops.Add(Ops.Slice(xt, 1, 0, h), Ops.Slice(hp, 1, 0, h)));
                    var z = Ops.Sigmoid(Ops.Add(Ops.Slice(xt, 1, h, h), Ops.Slice(hp, 1, h, h)));
                    var n = Ops.Tanh(Ops.Add(Ops.Slice(xt, 1, 2 * h, h), Ops.Multiply(r, Ops.Slice(hp, 1, 2 * h, h))));
                    state = Ops.Add(n, Ops.Multiply(z, Ops.Subtract(state, n)));
                    perStep[t] = Ops.Reshape(state, b, 1, h);
                }

                outs[d] = Ops.Concat(1, perStep);
                hn[k] = Ops.Reshape(state, 1, b, h);
            }

            input = directions == 1 ? outs[0] : Ops.Concat(-1, outs);
            if (_dropout is not null && l < NumLayers - 1)
            {
                input = _dropout.Forward(input);
            }
        }

        return (input, hn.Length == 1 ? hn[0] : Ops.Concat(0, hn));
    }
}

/// <summary>The four parameters of one GRU layer in one direction.</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class GruWeights<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the parameters, each drawn from U(-1/√H, 1/√H).</summary>
    public GruWeights(int inputSize, int hiddenSize, RandomSource rng)
    {
        WeightIh = RegisterParameter("w_ih", new Tensor<T>(3 * hiddenSize, inputSize));
        WeightHh = RegisterParameter("w_hh", new Tensor<T>(3 * hiddenSize, hiddenSize));
        BiasIh = RegisterParameter("b_ih", new Tensor<T>(3 * hiddenSize));
        BiasHh = RegisterParameter("b_hh", new Tensor<T>(3 * hiddenSize));
        foreach (var p in Parameters())
        {
            Init.Uniform(p.Value, 1.0 / Math.Sqrt(hiddenSize), rng);
        }
    }

    /// <summary>Input weights [3H, in], gate blocks r, z, n.</summary>
    public Tensor<T> WeightIh { get; }

    /// <summary>Recurrent weights [3H, H].</summary>
    public Tensor<T> WeightHh { get; }

    /// <summary>Input bias [3H].</summary>
    public Tensor<T> BiasIh { get; }

    /// <summary>Recurrent bias [3H].</summary>
    public Tensor<T> BiasHh { get; }
}
