using VolNotebooks.Neural;

namespace VolNotebooks.Neural.Tests;

/// <summary>Keras-style recurrent dropout in the fused LSTM: one mask per sequence on the hidden state the recurrence reads.</summary>
public class RecurrentDropoutTests
{
    private const int B = 3, Steps = 5, F = 2, H = 4;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Masked_lstm_layer_gradients_match_finite_differences(bool reverse)
    {
        var rng = new RandomSource(11);
        var (x, wIh, wHh, bIh, bHh) = Inputs(rng);
        var h0 = GradientCheck.Random(rng, B, H);
        var c0 = GradientCheck.Random(rng, B, H);
        var mask = Mask(new RandomSource(12), 0.4);
        GradientCheck.Check(
            () =>
            {
                var (o, hn, cn) = Ops.LstmLayer(x, wIh, wHh, bIh, bHh, h0, c0, reverse, mask);
                return Ops.Add(Ops.Add(GradientCheck.Project(o, 1), GradientCheck.Project(hn, 2)), GradientCheck.Project(cn, 3));
            },
            [x, wIh, wHh, bIh, bHh, h0, c0]);
    }

    [Fact]
    public void Masked_lstm_layer_matches_a_direct_step_loop_that_feeds_h_times_the_same_mask_at_every_step()
    {
        // Keras LSTMCell: z = x_t W_ihᵀ + b + (h_(t-1) ⊙ m) W_hhᵀ with one m per sequence; the output is the unmasked h_t.
        var rng = new RandomSource(21);
        var (x, wIh, wHh, bIh, bHh) = Inputs(rng);
        var mask = Mask(new RandomSource(22), 0.5);
        var (output, _, _) = Ops.LstmLayer(x, wIh, wHh, bIh, bHh, null, null, reverse: false, mask);

        for (int i = 0; i < B; i++)
        {
            var hPrev = new double[H];
            var cPrev = new double[H];
            for (int t = 0; t < Steps; t++)
            {
                var z = new double[4 * H];
                for (int g = 0; g < 4 * H; g++)
                {
                    z[g] = bIh.Data[g] + bHh.Data[g];
                    for (int k = 0; k < F; k++) z[g] += wIh.Data[g * F + k] * x.Data[(i * Steps + t) * F + k];
                    for (int k = 0; k < H; k++) z[g] += wHh.Data[g * H + k] * hPrev[k] * mask.Data[i * H + k];
                }

                for (int u = 0; u < H; u++)
                {
                    double ig = Sigmoid(z[u]), fg = Sigmoid(z[H + u]), gg = Math.Tanh(z[2 * H + u]), og = Sigmoid(z[3 * H + u]);
                    cPrev[u] = fg * cPrev[u] + ig * gg;
                    hPrev[u] = og * Math.Tanh(cPrev[u]);
                    Assert.Equal(hPrev[u], output.Data[(i * Steps + t) * H + u], 12);
                }
            }
        }
    }

    [Fact]
    public void An_all_ones_mask_is_bit_identical_to_no_mask_and_an_all_zero_mask_cuts_the_recurrence()
    {
        var rng = new RandomSource(31);
        var (x, wIh, wHh, bIh, bHh) = Inputs(rng);
        var (plain, _, _) = Ops.LstmLayer(x, wIh, wHh, bIh, bHh, null, null, reverse: false);
        var ones = new Tensor<double>(Enumerable.Repeat(1.0, B * H).ToArray(), B, H);
        var (withOnes, _, _) = Ops.LstmLayer(x, wIh, wHh, bIh, bHh, null, null, reverse: false, ones);
        Assert.Equal(plain.Data, withOnes.Data);

        var zeros = new Tensor<double>(B, H);
        var (cut, _, _) = Ops.LstmLayer(x, wIh, wHh, bIh, bHh, null, null, reverse: false, zeros);
        var (noRecurrentWeights, _, _) = Ops.LstmLayer(x, wIh, new Tensor<double>(4 * H, H), bIh, bHh, null, null, reverse: false);
        Assert.Equal(noRecurrentWeights.Data, cut.Data);
        Assert.NotEqual(plain.Data, cut.Data);
    }

    [Fact]
    public void Lstm_module_draws_one_seeded_mask_per_sequence_in_training_and_none_in_eval()
    {
        var x = GradientCheck.Random(new RandomSource(41), B, Steps, F);
        var withDropout = new Lstm<double>(F, H, new RandomSource(7), recurrentDropout: 0.3);
        var plainRng = new RandomSource(7);
        var plain = new Lstm<double>(F, H, plainRng);

        // Same seed, same weights: recurrent dropout draws its generator after them.
        Assert.Equal(
            plain.Parameters().SelectMany(p => p.Value.Data),
            withDropout.Parameters().SelectMany(p => p.Value.Data));

        withDropout.Eval();
        plain.Eval();
        Assert.Equal(plain.Forward(x).Output.Data, withDropout.Forward(x).Output.Data);

        // Training: the module's mask is the [B, H] draw of its own generator, seeded from the constructor's next number.
        withDropout.Train();
        var maskRng = new RandomSource(plainRng.NextUInt64());
        var expectedMask = new double[B * H];
        for (int i = 0; i < expectedMask.Length; i++) expectedMask[i] = maskRng.NextDouble() < 0.3 ? 0 : 1 / 0.7;
        var p = plain.Parameters().Select(n => n.Value).ToArray();
        var (expected, _, _) = Ops.LstmLayer(x, p[0], p[1], p[2], p[3], null, null, reverse: false, new Tensor<double>(expectedMask, B, H));
        var trained = withDropout.Forward(x).Output;
        Assert.Equal(expected.Data, trained.Data);
        Assert.NotEqual(plain.Forward(x).Output.Data, trained.Data);
        Assert.Contains(0.0, expectedMask);
    }

    [Fact]
    public void Recurrent_dropout_outside_zero_to_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm<double>(F, H, new RandomSource(1), recurrentDropout: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm<double>(F, H, new RandomSource(1), recurrentDropout: -0.1));
    }

    private static (Tensor<double> X, Tensor<double> WIh, Tensor<double> WHh, Tensor<double> BIh, Tensor<double> BHh) Inputs(RandomSource rng) =>
        (GradientCheck.Random(rng, B, Steps, F), GradientCheck.Random(rng, 4 * H, F), GradientCheck.Random(rng, 4 * H, H),
         GradientCheck.Random(rng, 4 * H), GradientCheck.Random(rng, 4 * H));

    private static Tensor<double> Mask(RandomSource rng, double p)
    {
        var mask = new double[B * H];
        for (int i = 0; i < mask.Length; i++) mask[i] = rng.NextDouble() < p ? 0 : 1 / (1 - p);
        return new Tensor<double>(mask, B, H);
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}
