using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>Adds the fixed sinusoidal positional encoding to x [B, T, D]: pe[t, 2i] = sin(t/10000^(2i/D)), pe[t, 2i+1] = cos(...).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <remarks>Vaswani et al. (2017), section 3.5.</remarks>
public sealed class PositionalEncoding<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _table;

    /// <summary>Precomputes the table for sequences up to <paramref name="maxLength"/> steps of width <paramref name="dim"/>.</summary>
    public PositionalEncoding(int dim, int maxLength = 512)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        Dim = dim;
        MaxLength = maxLength;
        _table = new T[maxLength * dim];
        for (int t = 0; t < maxLength; t++)
        {
            for (int i = 0; i < dim; i++)
            {
                double angle = t / Math.Pow(10000.0, 2 * (i / 2) / (double)dim);
                _table[t * dim + i] = T.CreateTruncating(i % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        }
    }

    /// <summary>Model width D.</summary>
    public int Dim { get; }

    /// <summary>Longest supported sequence.</summary>
    public int MaxLength { get; }

    /// <summary>x [B, T, D] → x + pe[:T].</summary>
    public Tensor<T> Forward(Tensor<T> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int b = x.Dim(0), t = x.Dim(1);
        if (x.Dim(2) != Dim || t > MaxLength)
        {
            throw new ArgumentException($"PositionalEncoding({Dim}, max {MaxLength}) cannot take {x.ShapeText}.", nameof(x));
        }

        var pe = new T[x.Length];
        for (int i = 0; i < b; i++)
        {
            Array.Copy(_table, 0, pe, i * t * Dim, t * Dim);
        }

        return Ops.AddConstant(x, pe);
    }
}

/// <summary>One Transformer encoder layer, batch-first (PyTorch <c>nn.TransformerEncoderLayer</c>, ReLU feed-forward).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <remarks>
/// Post-norm (default): x = norm1(x + drop(attn(x))); x = norm2(x + drop(W2 drop(relu(W1 x)))).
/// Pre-norm (<c>normFirst</c>): x = x + drop(attn(norm1(x))); x = x + drop(W2 drop(relu(W1 norm2(x)))).
/// </remarks>
public sealed class TransformerEncoderLayer<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MultiheadAttention<T> _selfAttn;
    private readonly Linear<T> _linear1;
    private readonly Linear<T> _linear2;
    private readonly LayerNorm<T> _norm1;
    private readonly LayerNorm<T> _norm2;
    private readonly Dropout<T> _dropout;
    private readonly Dropout<T> _dropout1;
    private readonly Dropout<T> _dropout2;

    /// <summary>Creates the layer.</summary>
    public TransformerEncoderLayer(int dModel, int numHeads, RandomSource rng, int dimFeedforward = 2048, double dropout = 0.1, bool normFirst = false)
    {
        NormFirst = normFirst;
        _selfAttn = RegisterModule("self_attn", new MultiheadAttention<T>(dModel, numHeads, rng, dropout));
        _linear1 = RegisterModule("linear1", new Linear<T>(dModel, dimFeedforward, rng));
        _dropout = RegisterModule("dropout", new Dropout<T>(dropout, rng));
        _linear2 = RegisterModule("linear2", new Linear<T>(dimFeedforward, dModel, rng));
        _norm1 = RegisterModule("norm1", new LayerNorm<T>(dModel));
        _norm2 = RegisterModule("norm2", new LayerNorm<T>(dModel));
        _dropout1 = RegisterModule("dropout1", new Dropout<T>(dropout, rng));
        _dropout2 = RegisterModule("dropout2", new Dropout<T>(dropout, rng));
    }

    /// <summary>Whether layer normalization comes before each block.</summary>
    public bool NormFirst { get; }

    /// <summary>x [B, T, D] → [B, T, D].</summary>
    public Tensor<T> Forward(Tensor<T> x)
    {
        if (NormFirst)
        {
            x = Ops.Add(x, _dropout1.Forward(_selfAttn.Forward(_norm1.Forward(x)).Output));
            return Ops.Add(x, _dropout2.Forward(FeedForward(_norm2.Forward(x))));
        }

        x = _norm1.Forward(Ops.Add(x, _dropout1.Forward(_selfAttn.Forward(x).Output)));
        return _norm2.Forward(Ops.Add(x, _dropout2.Forward(FeedForward(x))));
    }

    private Tensor<T> FeedForward(Tensor<T> x) => _linear2.Forward(_dropout.Forward(Ops.Relu(_linear1.Forward(x))));
}
