namespace VolNotebooks.Runs;

/// <summary>What produced a recorded run.</summary>
public enum RunKind
{
    /// <summary>One network trained on an experiment spec (<c>volnb train</c>, <c>TrainingPipeline</c>).</summary>
    Train,

    /// <summary>One ARCH-family maximum-likelihood fit (<c>volnb garch</c>).</summary>
    Garch,

    /// <summary>One trial of a stored hyperparameter study.</summary>
    Trial,

    /// <summary>One refit of a walk-forward evaluation.</summary>
    WalkForward,

    /// <summary>One headless run of a notebook.</summary>
    Notebook,
}
