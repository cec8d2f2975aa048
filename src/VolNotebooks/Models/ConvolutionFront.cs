using VolNotebooks.Neural;

namespace VolNotebooks.Models;

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

    // Channels last all the way (the same bits as PyTorch's channels-first layers between two transposes).
    public Tensor<float> Forward(Tensor<float> x) =>
        Ops.Relu(_conv2.ForwardChannelsLast(_pool.ForwardChannelsLast(Ops.Relu(_conv1.ForwardChannelsLast(x)))));
}
