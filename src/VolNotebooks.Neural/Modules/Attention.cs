using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>Additive (Bahdanau) attention pooling over time: score_t = vᵀ tanh(W h_t + b), a = softmax_t(score), context = Σ_t a_t h_t.</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <remarks>Parameters <c>W.weight</c> [U, D], <c>W.bias</c> [U], <c>v.weight</c> [1, U] (no bias). Bahdanau, Cho and Bengio (2015).</remarks>
public sealed class AdditiveAttention<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Linear<T> _w;
    private readonly Linear<T> _v;

    /// <summary>Creates the layer for inputs of width <paramref name="dim"/> with <paramref name="units"/> scoring units.</summary>
    public AdditiveAttention(int dim, int units, RandomSource rng)
    {
        _w = RegisterModule("W", new Linear<T>(dim, units, rng));
        _v = RegisterModule("v", new Linear<T>(units, 1, rng, bias: false));
    }

    /// <summary>The scoring projection W [U, D] with bias b [U].</summary>
    public Linear<T> W => _w;

    /// <summary>The scoring vector v [1, U].</summary>
    public Linear<T> V => _v;

    /// <summary>h [B, T, D] → context [B, D] and attention weights [B, T] (each row sums to 1).</summary>
    public (Tensor<T> Context, Tensor<T> Weights) Forward(Tensor<T> h)
    {
        ArgumentNullException.ThrowIfNull(h);
        int b = h.Dim(0), t = h.Dim(1);
        var scores = Ops.Reshape(_v.Forward(Ops.Tanh(_w.Forward(h))), b, t);
        var weights = Ops.Softmax(scores);
        var context = Ops.WeightedSumOverTime(weights, h);
        return (context, weights);
    }
}

/// <summary>Multi-head scaled dot-product attention, batch-first (PyTorch <c>nn.MultiheadAttention(batch_first=True)</c>).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <remarks>
/// Parameters <c>in_proj_weight</c> [3E, E] (rows W_q, W_k, W_v), <c>in_proj_bias</c> [3E], <c>out_proj.weight</c> [E, E],
/// <c>out_proj.bias</c> [E]. Head h uses features h·d..h·d+d-1 with d = E/heads; scores are scaled by 1/√d. With a
/// head width d given (Keras' <c>key_dim</c>), E becomes heads·d in every shape above except the input columns of
/// <c>in_proj_weight</c> and the output rows of <c>out_proj.weight</c>.
/// Vaswani et al. (2017).
/// </remarks>
public sealed class MultiheadAttention<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Linear<T> _outProj;
    private readonly Dropout<T>? _dropout;

    /// <summary>Creates the layer with PyTorch's initialization (Xavier-uniform input projection, zero biases).</summary>
    /// <param name="embedDim">Model width E (inputs and outputs).</param>
    /// <param name="numHeads">Heads.</param>
    /// <param name="rng">Seeded initialization and dropout.</param>
    /// <param name="dropout">Dropout on the attention weights.</param>
    /// <param name="headDim">Width d of each head; null for E / heads (PyTorch's layer, which needs heads to divide E).
    /// Keras' <c>MultiHeadAttention(num_heads, key_dim)</c> sets it freely: the projections then map E to heads·d and the
    /// output projection maps heads·d back to E.</param>
    public MultiheadAttention(int embedDim, int numHeads, RandomSource rng, double dropout = 0.0, int? headDim = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numHeads);
        if (headDim is null && embedDim % numHeads != 0)
        {
            throw new ArgumentException($"embed_dim {embedDim} must be divisible by num_heads {numHeads}.", nameof(numHeads));
        }

        EmbedDim = embedDim;
        NumHeads = numHeads;
        HeadDim = headDim ?? embedDim / numHeads;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HeadDim, nameof(headDim));
        int inner = numHeads * HeadDim;
        InProjWeight = RegisterParameter("in_proj_weight", new Tensor<T>(3 * inner, embedDim));
        Init.XavierUniform(InProjWeight, embedDim, 3 * inner, rng);
        InProjBias = RegisterParameter("in_proj_bias", new Tensor<T>(3 * inner));
        _outProj = RegisterModule("out_proj", new Linear<T>(inner, embedDim, rng));
        Array.Clear(_outProj.Bias!.Data);
        if (dropout > 0)
        {
            _dropout = RegisterModule("dropout", new Dropout<T>(dropout, rng));
        }
    }

    /// <summary>Model width E.</summary>
    public int EmbedDim { get; }

    /// <summary>Number of heads.</summary>
    public int NumHeads { get; }

    /// <summary>Width of each head (E / heads unless given).</summary>
    public int HeadDim { get; }

    /// <summary>Stacked query, key and value projections [3·heads·d, E] ([3E, E] by default).</summary>
    public Tensor<T> InProjWeight { get; }

    /// <summary>Stacked projection biases [3·heads·d].</summary>
    public Tensor<T> InProjBias { get; }

    /// <summary>The output projection.</summary>
    public Linear<T> OutProj => _outProj;

    /// <summary>Self-attention: x [B, T, E] → output [B, T, E] and head-averaged weights [B, T_query, T_key].</summary>
    public (Tensor<T> Output, Tensor<T> Weights) Forward(Tensor<T> x) => Forward(x, x, x);

    /// <summary>query [B, Tq, E], key and value [B, Tk, E] → output [B, Tq, E] and head-averaged weights [B, Tq, Tk].</summary>
    public (Tensor<T> Output, Tensor<T> Weights) Forward(Tensor<T> query, Tensor<T> key, Tensor<T> value)
    {
        ArgumentNullException.ThrowIfNull(query);
        int heads = NumHeads, d = HeadDim;
        var q = Project(query, 0);
        var k = Project(key, 1);
        var _v = Project(value, 2);
        var scores = Ops.Scale(Ops.BatchMatMul(q, k, transposeB: true), T.One / T.Sqrt(T.CreateTruncating(d)));
        var attn = Ops.Softmax(scores); // [B, h, Tq, Tk]
        var used = _dropout is null ? attn : _dropout.Forward(attn);
        var o = Ops.BatchMatMul(used, _v); // [B, h, Tq, d]
        int b = query.Dim(0), tq = query.Dim(1);
        var merged = Ops.Reshape(Ops.Permute(o, 0, 2, 1, 3), b, tq, heads * d);
        return (_outProj.Forward(merged), Ops.MeanAxis(attn, 1));
    }

    // x [B, T, E] → [B, h, T, d] using rows part·h·d..(part+1)·h·d-1 of the input projection.
    private Tensor<T> Project(Tensor<T> x, int part)
    {
        int heads = NumHeads, inner = heads * HeadDim;
        var _w = Ops.Slice(InProjWeight, 0, part * inner, inner);
        var bias = Ops.Slice(InProjBias, 0, part * inner, inner);
        var y = Ops.Linear(x, _w, bias);
        return Ops.Permute(Ops.Reshape(y, x.Dim(0), x.Dim(1), heads, HeadDim), 0, 2, 1, 3);
    }
}
