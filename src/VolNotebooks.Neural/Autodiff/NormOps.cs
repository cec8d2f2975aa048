using System.Numerics;

namespace VolNotebooks.Neural;

public static partial class Ops
{
    /// <summary>Layer normalization over the last dimension: y = (x - mean) / √(var + eps) · weight + bias, biased variance.</summary>
    /// <param name="x">Input [..., D].</param>
    /// <param name="weight">Scale [D].</param>
    /// <param name="bias">Shift [D].</param>
    /// <param name="eps">Added to the variance.</param>
    public static Tensor<T> LayerNorm<T>(Tensor<T> x, Tensor<T> weight, Tensor<T> bias, double eps = 1e-5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = x.Dim(-1), rows = x.Length / d;
        if (weight.Length != d || bias.Length != d)
        {
            throw new ArgumentException($"LayerNorm: weight/bias must have {d} elements for input {x.ShapeText}.");
        }

        var y = Tensor<T>.Uninitialized(x.ShapeArray());
        var xhat = new T[x.Length];
        var invStd = new T[rows];
        T e = T.CreateTruncating(eps), n = T.CreateTruncating(d);
        for (int r = 0; r < rows; r++)
        {
            var row = x.Data.AsSpan(r * d, d);
            T mean = SumSequential<T>(row) / n;
            T var = T.Zero;
            foreach (T v in row)
            {
                var += (v - mean) * (v - mean);
            }

            invStd[r] = T.One / T.Sqrt(var / n + e);
            for (int j = 0; j < d; j++)
            {
                xhat[r * d + j] = (row[j] - mean) * invStd[r];
                y.Data[r * d + j] = xhat[r * d + j] * weight.Data[j] + bias.Data[j];
            }
        }

        bool track = Tape.IsRecording && (x.RequiresGrad || weight.RequiresGrad || bias.RequiresGrad);
        if (track)
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                T[] dy = y.Grad;
                var dxhat = new T[d];
                for (int r = 0; r < rows; r++)
                {
                    T sum = T.Zero, sumXhat = T.Zero;
                    for (int j = 0; j < d; j++)
                    {
                        dxhat[j] = dy[r * d + j] * weight.Data[j];
                        sum += dxhat[j];
                        sumXhat += dxhat[j] * xhat[r * d + j];
                    }

                    if (x.RequiresGrad)
                    {
                        T[] dx = x.EnsureGrad();
                        for (int j = 0; j < d; j++)
                        {
                            dx[r * d + j] += invStd[r] / n * (n * dxhat[j] - sum - xhat[r * d + j] * sumXhat);
                        }
                    }
                }

                AccumulateAffine(weight, bias, dy, xhat, rows, d, 1, 1, 1);
            });
        }

        return y;
    }

    /// <summary>Batch normalization with per-channel statistics: x [N, C] or [N, C, L], normalised over N (and L).</summary>
    /// <remarks>
    /// Training (<paramref name="training"/> true): batch mean and biased variance normalise; running statistics are
    /// updated with momentum and the unbiased variance, as in PyTorch. Evaluation: running statistics normalise.
    /// </remarks>
    public static Tensor<T> BatchNorm<T>(
        Tensor<T> x, Tensor<T> weight, Tensor<T> bias, Tensor<T> runningMean, Tensor<T> runningVar, bool training,
        double momentum = 0.1, double eps = 1e-5)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Normalize(x, weight, bias, runningMean, runningVar, training, momentum, eps, channelsLast: false);

    /// <summary><see cref="BatchNorm{T}"/> over a batch-first sequence with channels last: x [N, L, C], statistics per
    /// channel over N and L.</summary>
    /// <remarks>Bit for bit the channels-first normalization of the transposed input, transposed back: every per-channel
    /// sum visits the same elements in the same order (sample by sample, then along the sequence).</remarks>
    public static Tensor<T> BatchNormChannelsLast<T>(
        Tensor<T> x, Tensor<T> weight, Tensor<T> bias, Tensor<T> runningMean, Tensor<T> runningVar, bool training,
        double momentum = 0.1, double eps = 1e-5)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Normalize(x, weight, bias, runningMean, runningVar, training, momentum, eps, channelsLast: true);

    private static Tensor<T> Normalize<T>(
        Tensor<T> x, Tensor<T> weight, Tensor<T> bias, Tensor<T> runningMean, Tensor<T> runningVar, bool training,
        double momentum, double eps, bool channelsLast)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (channelsLast ? x.Rank != 3 : x.Rank is not (2 or 3))
        {
            string expected = channelsLast ? "[N, L, C]" : "[N, C] or [N, C, L]";
            throw new ArgumentException($"BatchNorm1d expects {expected}, got {x.ShapeText}.", nameof(x));
        }

        int channelAxis = channelsLast ? 2 : 1;
        int nb = x.Dim(0), c = x.Dim(channelAxis), len = x.Rank == 3 ? x.Dim(3 - channelAxis) : 1, count = nb * len;
        // Element (i, ch, t) lives at i * c * len + ch * cs + t * ts.
        int cs = channelsLast ? 1 : len, ts = channelsLast ? c : 1;
        if (weight.Length != c)
        {
            throw new ArgumentException($"BatchNorm1d has {weight.Length} channels, input {x.ShapeText} has {c}.", nameof(x));
        }

        var mean = new T[c];
        var invStd = new T[c];
        T e = T.CreateTruncating(eps), n = T.CreateTruncating(count);
        for (int ch = 0; ch < c; ch++)
        {
            if (training)
            {
                T sum = T.Zero;
                for (int i = 0; i < nb; i++)
                {
                    for (int t = 0; t < len; t++)
                    {
                        sum += x.Data[i * c * len + ch * cs + t * ts];
                    }
                }

                T mu = sum / n, ss = T.Zero;
                for (int i = 0; i < nb; i++)
                {
                    for (int t = 0; t < len; t++)
                    {
                        T dv = x.Data[i * c * len + ch * cs + t * ts] - mu;
                        ss += dv * dv;
                    }
                }

                mean[ch] = mu;
                invStd[ch] = T.One / T.Sqrt(ss / n + e);
                T m = T.CreateTruncating(momentum);
                T unbiased = count > 1 ? ss / T.CreateTruncating(count - 1) : ss / n;
                runningMean.Data[ch] = (T.One - m) * runningMean.Data[ch] + m * mu;
                runningVar.Data[ch] = (T.One - m) * runningVar.Data[ch] + m * unbiased;
            }
            else
            {
                mean[ch] = runningMean.Data[ch];
                invStd[ch] = T.One / T.Sqrt(runningVar.Data[ch] + e);
            }
        }

        var y = Tensor<T>.Uninitialized(x.ShapeArray());
        var xhat = new T[x.Length];
        for (int i = 0; i < nb; i++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                for (int t = 0; t < len; t++)
                {
                    int idx = i * c * len + ch * cs + t * ts;
                    xhat[idx] = (x.Data[idx] - mean[ch]) * invStd[ch];
                    y.Data[idx] = xhat[idx] * weight.Data[ch] + bias.Data[ch];
                }
            }
        }

        bool track = Tape.IsRecording && (x.RequiresGrad || weight.RequiresGrad || bias.RequiresGrad);
        if (track)
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                T[] dy = y.Grad;
                if (x.RequiresGrad)
                {
                    T[] dx = x.EnsureGrad();
                    for (int ch = 0; ch < c; ch++)
                    {
                        T w = weight.Data[ch], sum = T.Zero, sumXhat = T.Zero;
                        for (int i = 0; i < nb; i++)
                        {
                            for (int t = 0; t < len; t++)
                            {
                                int idx = i * c * len + ch * cs + t * ts;
                                sum += dy[idx] * w;
                                sumXhat += dy[idx] * w * xhat[idx];
                            }
                        }

                        for (int i = 0; i < nb; i++)
                        {
                            for (int t = 0; t < len; t++)
                            {
                                int idx = i * c * len + ch * cs + t * ts;
                                T dxhat = dy[idx] * w;
                                dx[idx] += training
                                    ? invStd[ch] / n * (n * dxhat - sum - xhat[idx] * sumXhat)
                                    : dxhat * invStd[ch];
                            }
                        }
                    }
                }

                AccumulateAffine(weight, bias, dy, xhat, nb, c, len, cs, ts);
            });
        }

        return y;
    }

    // dweight[ch] += Σ dy ⊙ xhat, dbias[ch] += Σ dy over [outer, C, inner] elements, (i, ch, t) at i * c * inner + ch * cs + t * ts.
    private static void AccumulateAffine<T>(Tensor<T> weight, Tensor<T> bias, T[] dy, T[] xhat, int outer, int c, int inner, int cs, int ts)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[]? dw = weight.RequiresGrad ? weight.EnsureGrad() : null;
        T[]? db = bias.RequiresGrad ? bias.EnsureGrad() : null;
        for (int i = 0; i < outer; i++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                for (int t = 0; t < inner; t++)
                {
                    int idx = i * c * inner + ch * cs + t * ts;
                    if (dw is not null)
                    {
                        dw[ch] += dy[idx] * xhat[idx];
                    }

                    if (db is not null)
                    {
                        db[ch] += dy[idx];
                    }
                }
            }
        }
    }
}
