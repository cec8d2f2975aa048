using System.Diagnostics;
using VolNotebooks.Data;
using VolNotebooks.Datasets;
using VolNotebooks.Evaluation;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Training;

/// <summary>From an experiment spec to a trained, scored network - the path <c>volnb train</c>, <c>volnb predict</c> and the
/// notebooks share.</summary>
public static class TrainingPipeline
{
    /// <summary>The data <paramref name="spec"/> describes (<see cref="DatasetBuilder"/>), after validating the whole spec.</summary>
    /// <param name="data">The data folder.</param>
    /// <param name="spec">The experiment.</param>
    public static PreparedData Prepare(MarketData data, ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return DatasetBuilder.Build(data, spec.Validate().Data);
    }

    /// <summary>Prepares the data and trains: <see cref="Prepare"/> then <see cref="Train"/>.</summary>
    /// <param name="data">The data folder.</param>
    /// <param name="spec">The experiment.</param>
    /// <param name="onEpoch">Progress per epoch.</param>
    /// <param name="cancellationToken">Stops training between batches.</param>
    public static (PreparedData Data, TrainedModel Trained) Run(
        MarketData data, ExperimentSpec spec, Action<EpochRecord>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(data, spec);
        return (prepared, Train(spec, prepared, onEpoch, cancellationToken));
    }

    /// <summary>Rebuilds the data a checkpoint was trained on from its spec, checking that the features and the scaler
    /// come out the same, so its model can be applied to them.</summary>
    /// <param name="checkpoint">A loaded checkpoint.</param>
    /// <param name="data">The data folder.</param>
    /// <exception cref="CheckpointException">The data no longer give the checkpoint's features or scaler.</exception>
    public static PreparedData Reproduce(Checkpoint checkpoint, MarketData data)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var prepared = Prepare(data, checkpoint.Spec);
        if (!prepared.Dataset.FeatureNames.SequenceEqual(checkpoint.FeatureNames))
            throw new CheckpointException($"the data now give the features {string.Join(", ", prepared.Dataset.FeatureNames)}, not the checkpoint's {string.Join(", ", checkpoint.FeatureNames)}");
        if (!prepared.Scaler.Offset.SequenceEqual(checkpoint.Scaler.Offset) || !prepared.Scaler.Scale.SequenceEqual(checkpoint.Scaler.Scale))
            throw new CheckpointException("the data now give a different scaler than the checkpoint's (has the data folder changed?)");
        return prepared;
    }

    /// <summary>Builds the spec's model with its seed, trains it on the prepared data and scores it on the test part.</summary>
    /// <param name="spec">The experiment (model, training options, seed).</param>
    /// <param name="data">Data prepared from <paramref name="spec"/>'s data part.</param>
    /// <param name="onEpoch">Progress per epoch.</param>
    /// <param name="cancellationToken">Stops training between batches.</param>
    public static TrainedModel Train(
        ExperimentSpec spec, PreparedData data, Action<EpochRecord>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        spec.Validate();
        var clock = Stopwatch.StartNew();
        var model = spec.Definition.Create(data.Train.Features, new RandomSource(spec.Seed), spec.Model);
        if (spec.Model is LstmAttentionMultiHorizonHyperparameters multi) return TrainMultiHorizon(spec, multi.HorizonDays, model, data, onEpoch, cancellationToken, clock);
        if (model.Outputs == 2) return TrainTwoHeaded(spec, model, data, onEpoch, cancellationToken, clock);
        var history = Trainer.Fit(model, data.Train, data.Validation, spec.TrainerOptions, onEpoch, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var forecast = data.Unscale(model.Predict(data.Test));
        return new TrainedModel(spec, model, history, Score(data, forecast), forecast, seconds);
    }

    /// <summary>Trains a volatility + Value-at-Risk model (two outputs) with the explainable study's combined loss: the
    /// volatility head on the realized-volatility target, the VaR head on the return over the same days (both divided by
    /// the same scale); scores the volatility head and adds the VaR breach rate (<c>var_violation_rate</c>).</summary>
    private static TrainedModel TrainTwoHeaded(
        ExperimentSpec spec, ForecastModel model, PreparedData data, Action<EpochRecord>? onEpoch, CancellationToken cancellationToken, Stopwatch clock)
    {
        if (data.ForwardReturns is null)
            throw new ArgumentException($"{model.Architecture} has a volatility and a VaR head: train it on a realized-volatility target (target kind realized_volatility, --target rv)");
        SequenceData TwoTargets(SequenceData part, IndexRange range)
        {
            var targets = new float[part.Count * 2];
            for (var i = 0; i < part.Count; i++)
            {
                targets[2 * i] = part.Targets[i];
                targets[(2 * i) + 1] = (float)(data.ForwardReturns[range.Start + i] / data.TargetScale);
            }

            return part with { Targets = targets, Outputs = 2 };
        }

        var dual = spec.TrainerOptions with { Loss = LossKind.VolatilityAndValueAtRisk };
        var history = Trainer.Fit(model, TwoTargets(data.Train, data.Split.Train), TwoTargets(data.Validation, data.Split.Validation), dual, onEpoch, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var both = model.Predict(data.Test);
        var volatility = data.Unscale([.. both.Where((_, k) => k % 2 == 0)]);
        var valueAtRisk = data.Unscale([.. both.Where((_, k) => k % 2 == 1)]);
        var metrics = new Dictionary<string, double>(Score(data, volatility))
        {
            ["var_violation_rate"] = Enumerable.Range(0, valueAtRisk.Length).Count(i => data.ForwardReturns[data.Split.Test.Start + i] < valueAtRisk[i]) / (double)valueAtRisk.Length,
        };
        return new TrainedModel(spec, model, history, metrics, volatility, seconds);
    }

    /// <summary>Trains a multi-horizon volatility + VaR model (research 004) with the study's loss averaged over the horizons:
    /// targets are the forward realized volatility and the forward return over each horizon (<see cref="MultiHorizonTargets"/>),
    /// all divided by the data's target scale. Scores the longest horizon's volatility (the data's own target) and adds per
    /// horizon h <c>rmse_h</c> (volatility) and <c>var_violation_rate_h</c>.</summary>
    private static TrainedModel TrainMultiHorizon(
        ExperimentSpec spec, IReadOnlyList<int> horizons, ForecastModel model, PreparedData data, Action<EpochRecord>? onEpoch,
        CancellationToken cancellationToken, Stopwatch clock)
    {
        MultiHorizonTargets.Require(data, horizons);
        SequenceData Targets(SequenceData part, IndexRange range) =>
            part with
            {
                Targets = [.. MultiHorizonTargets.For(data, horizons, range).Select(v => (float)(v / data.TargetScale))],
                Outputs = 2 * horizons.Count,
            };

        var options = spec.TrainerOptions with { Loss = LossKind.VolatilityAndValueAtRisk };
        var history = Trainer.Fit(model, Targets(data.Train, data.Split.Train), Targets(data.Validation, data.Split.Validation), options, onEpoch, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var forecast = MultiHorizonForecast.Of(model, horizons, data, data.Test, data.Split.Test);
        var longest = forecast.Volatility[^1];
        var metrics = new Dictionary<string, double>(Score(data, longest));
        var breaches = forecast.BreachRates();
        for (var j = 0; j < horizons.Count; j++)
        {
            metrics[$"rmse_{horizons[j]}"] = ForecastMetrics.Rmse(forecast.RealizedVolatility[j], forecast.Volatility[j]);
            metrics[$"var_violation_rate_{horizons[j]}"] = breaches[j];
        }

        return new TrainedModel(spec, model, history, metrics, longest, seconds);
    }

    /// <summary>Test metrics of forecasts in the target's unit (a network's, or a baseline's aligned with the test samples):
    /// RMSE, MAE, R2, QLIKE (on squared volatilities, for volatility targets), directional accuracy and MSE; NaN forecasts are skipped.</summary>
    /// <param name="data">Prepared data.</param>
    /// <param name="forecast">One forecast per test sample.</param>
    public static IReadOnlyDictionary<string, double> Score(PreparedData data, double[] forecast)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(forecast);
        var actual = data.TestActuals;
        var f = forecast;
        var metrics = new Dictionary<string, double>
        {
            ["rmse"] = ForecastMetrics.Rmse(actual, f),
            ["mae"] = ForecastMetrics.Mae(actual, f),
            ["r2"] = ForecastMetrics.RSquared(actual, f),
            ["qlike"] = data.Target == TargetKind.Return || f.Any(v => v <= 0)
                ? double.NaN
                : ForecastMetrics.QlikeLog(actual.Select(v => v * v).ToArray(), f.Select(v => v * v).ToArray()),
            ["directional_accuracy"] = ForecastMetrics.DirectionalAccuracy(
                actual.Select((v, i) => v - data.TestReference[i]).ToArray(), f.Select((v, i) => v - data.TestReference[i]).ToArray()),
            ["mse"] = ForecastMetrics.Mse(actual, f),
        };
        return metrics;
    }
}
