using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using VolNotebooks.Datasets;

namespace VolNotebooks.Training;

/// <summary>The gradient-boosting baseline of the explainable study (its XGBoost column), with LightGBM through ML.NET:
/// regression trees on each sample's features over the last few days of its window, flattened, fitted on training
/// samples only.</summary>
/// <remarks>A row is <c>[x_(t-W+1), .., x_t]</c> (W = <see cref="GradientBoostingOptions.WindowDays"/> days of F features,
/// oldest first), the label the sample's target. One thread and a fixed seed make the fit reproducible.</remarks>
public sealed class GradientBoostingBaseline
{
    private readonly MLContext _context;
    private readonly ITransformer _model;

    private GradientBoostingBaseline(MLContext context, ITransformer model, GradientBoostingOptions options, int features)
    {
        _context = context;
        _model = model;
        Options = options;
        InputFeatures = features;
    }

    /// <summary>The settings it was fitted with.</summary>
    public GradientBoostingOptions Options { get; }

    /// <summary>F, features per day of the windows it was fitted on.</summary>
    public int InputFeatures { get; }

    /// <summary>Fits the trees on <paramref name="train"/> (one target per sample).</summary>
    /// <param name="train">Training samples <c>[N, T, F]</c> with their targets (e.g. <c>prepared.Train</c>).</param>
    /// <param name="options">Settings; the defaults when null.</param>
    public static GradientBoostingBaseline Fit(SequenceData train, GradientBoostingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new GradientBoostingOptions();
        if (train.Outputs != 1) throw new ArgumentException($"the baseline fits one target per sample, got {train.Outputs}", nameof(train));
        var context = new MLContext(options.Seed);
        var trainer = context.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = options.Iterations,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinimumRowsPerLeaf,
            NumberOfThreads = 1,
            Seed = options.Seed,
            Silent = true,
        });
        var model = trainer.Fit(View(context, train, options.WindowDays, train.Targets));
        return new GradientBoostingBaseline(context, model, options, train.Features);
    }

    /// <summary>One forecast per sample of <paramref name="data"/>, on the targets' (scaled) unit.</summary>
    /// <param name="data">Samples <c>[N, T, F]</c> with T of at least the window's days (their targets are not read).</param>
    public float[] Predict(SequenceData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Features != InputFeatures) throw new ArgumentException($"the data have {data.Features} features per day, the trees {InputFeatures}", nameof(data));
        var scored = _model.Transform(View(_context, data, Options.WindowDays, new float[data.Count]));
        return [.. scored.GetColumn<float>("Score")];
    }

    /// <summary>The rows the trees read: each sample's last <paramref name="windowDays"/> days, flattened oldest first, <c>[N, W F]</c>.</summary>
    /// <param name="data">Samples <c>[N, T, F]</c>.</param>
    /// <param name="windowDays">W, between 1 and T.</param>
    public static float[][] Flatten(SequenceData data, int windowDays)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowDays, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windowDays, data.TimeSteps);
        var stride = data.TimeSteps * data.Features;
        var width = windowDays * data.Features;
        return [.. Enumerable.Range(0, data.Count).Select(n => data.Inputs.AsSpan((n * stride) + stride - width, width).ToArray())];
    }

    private static IDataView View(MLContext context, SequenceData data, int windowDays, float[] labels)
    {
        var rows = Flatten(data, windowDays);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, windowDays * data.Features);
        return context.Data.LoadFromEnumerable(rows.Select((x, n) => new Row { Features = x, Label = labels[n] }), schema);
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
