namespace VolNotebooks.Neural;

/// <summary>Records backward steps of operations in execution order and replays them in reverse (reverse-mode autodiff).</summary>
/// <remarks>
/// Creating a tape makes it the current tape of the calling thread until it is disposed. Operations record a backward
/// step only while a tape is current and one of their inputs has <see cref="Tensor{T}.RequiresGrad"/> set; without a tape
/// (inference mode) nothing is recorded and no gradient memory is allocated.
/// </remarks>
public sealed class Tape : IDisposable
{
    [ThreadStatic]
    private static Tape? _current;

    private readonly List<(Action Backward, Action? Release)> _steps = [];
    private readonly Tape? _previous;
    private bool _disposed;

    /// <summary>Starts recording on the calling thread.</summary>
    public Tape()
    {
        _previous = _current;
        _current = this;
    }

    /// <summary>Whether operations on the calling thread are currently recorded.</summary>
    public static bool IsRecording => _current is not null;

    /// <summary>The number of recorded backward steps.</summary>
    public int Count => _steps.Count;

    /// <summary>Seeds d(loss)/d(loss) = 1 for a one-element <paramref name="loss"/> and runs every recorded step in reverse.</summary>
    public void Backward<T>(Tensor<T> loss)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.Length != 1)
        {
            throw new ArgumentException($"Backward needs a one-element loss, got shape {loss.ShapeText}.", nameof(loss));
        }

        loss.EnsureGrad()[0] += T.One;
        Replay();
    }

    /// <summary>Runs every recorded step in reverse after the caller has filled the output gradients, then clears the tape.</summary>
    public void Replay()
    {
        // A step is the last reader of its outputs' gradients, so intermediate gradient buffers go back to the pool
        // right after it; leaves (parameters, inputs) are never outputs of a step and keep theirs.
        for (int i = _steps.Count - 1; i >= 0; i--)
        {
            long start = OpProfile.Enabled ? OpProfile.Now() : 0;
            _steps[i].Backward();
            _steps[i].Release?.Invoke();
            if (OpProfile.Enabled)
            {
                OpProfile.AddBackward(_steps[i].Backward, start);
            }
        }

        _steps.Clear();
    }

    /// <summary>Stops recording and restores the previously current tape.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _current = _previous;
        }
    }

    /// <summary>Whether a result computed from the given inputs must be tracked.</summary>
    internal static bool ShouldTrack<T>(Tensor<T> a)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => _current is not null && a.RequiresGrad;

    /// <summary>Whether a result computed from the given inputs must be tracked.</summary>
    internal static bool ShouldTrack<T>(Tensor<T> a, Tensor<T> b)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => _current is not null && (a.RequiresGrad || b.RequiresGrad);

    /// <summary>Appends the backward step of an operation that produced <paramref name="output"/>.</summary>
    internal static void Record<T>(Tensor<T> output, Action backward)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        OpProfile.AddForward(backward);
        _current!._steps.Add((backward, output.ReleaseGrad));
    }

    /// <summary>Appends the backward step of an operation with three outputs.</summary>
    internal static void Record<T>(Tensor<T> first, Tensor<T> second, Tensor<T> third, Action backward)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        OpProfile.AddForward(backward);
        _current!._steps.Add((backward, () =>
        {
            first.ReleaseGrad();
            second.ReleaseGrad();
            third.ReleaseGrad();
        }));
    }
}
