using System.Text.Json;
using System.Text.Json.Serialization;

namespace VolNotebooks.Models;

/// <summary>The typed hyperparameters of one architecture: a record per architecture, its defaults the research's, serialized
/// with the architecture's name in <c>architecture</c> and each value under the name its search space uses.</summary>
/// <remarks>A search trial's sample becomes one of these through <see cref="ModelDefinition.FromSample"/>; a model is
/// built from it by <see cref="ModelDefinition.Create"/>. Nothing reads a hyperparameter by a string key.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "architecture", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(LstmVolHyperparameters), "LSTMVol")]
[JsonDerivedType(typeof(LstmForecasterHyperparameters), "LSTMForecaster")]
[JsonDerivedType(typeof(CnnBiLstmAttentionHyperparameters), "CnnBiLstmAttention")]
[JsonDerivedType(typeof(CnnLstmBasicHyperparameters), "CnnLstmBasic")]
[JsonDerivedType(typeof(CnnLstmDeepHyperparameters), "CnnLstmDeep")]
[JsonDerivedType(typeof(CnnLstmBidirectionalHyperparameters), "CnnLstmBidirectional")]
[JsonDerivedType(typeof(CnnLstmAttentionHyperparameters), "CnnLstmAttention")]
[JsonDerivedType(typeof(CnnLstmMultiscaleHyperparameters), "CnnLstmMultiscale")]
[JsonDerivedType(typeof(LstmAttentionDualHyperparameters), "LSTMAttentionDual")]
[JsonDerivedType(typeof(LstmAttentionMultiHorizonHyperparameters), "LSTMAttentionMultiHorizon")]
[JsonDerivedType(typeof(TransformerForecasterHyperparameters), "TransformerForecaster")]
public abstract record ModelHyperparameters
{
    /// <summary>The architecture these hyperparameters build, as <c>volnb train --model</c> takes it.</summary>
    [JsonIgnore]
    public abstract string Architecture { get; }

    /// <summary>The architecture and its values under their search-space names, e.g. <c>LSTMVol(hidden=64, layers=2, dropout_rate=0.2)</c>.</summary>
    public sealed override string ToString() =>
        $"{Architecture}({string.Join(", ", JsonSerializer.SerializeToNode(this, GetType())!.AsObject().Select(p => $"{p.Key}={p.Value!.ToJsonString()}"))})";

    /// <summary>Each size (a number) must be at least 1 and each rate (a number named <c>*_rate</c> or <c>*_dropout</c>) in
    /// [0, 1); then the architecture's own constraints (lists such as horizons included). The message names the field.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        foreach (var (name, value) in JsonSerializer.SerializeToNode(this, GetType())!.AsObject())
        {
            if (value?.GetValueKind() != JsonValueKind.Number) continue;
            var number = value.GetValue<double>();
            if (name.EndsWith("_rate", StringComparison.Ordinal) || name.EndsWith("_dropout", StringComparison.Ordinal))
            {
                if (!(number >= 0 && number < 1)) throw new ArgumentException($"spec.model.{name}: must be in [0, 1), got {number}");
            }
            else if (number < 1)
            {
                throw new ArgumentException($"spec.model.{name}: must be >= 1, got {number}");
            }
        }

        ValidateCombination();
    }

    /// <summary>Constraints between values (e.g. heads dividing a width); none by default.</summary>
    /// <exception cref="ArgumentException">The values do not fit together; the message names the field.</exception>
    protected virtual void ValidateCombination()
    {
    }
}

/// <summary><see cref="LstmVol"/>'s hyperparameters (research 001).</summary>
/// <param name="Hidden">LSTM hidden size.</param>
/// <param name="Layers">Stacked LSTM layers.</param>
/// <param name="DropoutRate">Dropout between LSTM layers, in [0, 1).</param>
public sealed record LstmVolHyperparameters(
    [property: JsonPropertyName("hidden")] int Hidden = 64,
    [property: JsonPropertyName("layers")] int Layers = 2,
    [property: JsonPropertyName("dropout_rate")] double DropoutRate = 0.2) : ModelHyperparameters
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Architecture => "LSTMVol";
}

/// <summary><see cref="LstmForecaster"/>'s hyperparameters (research 003: LSTM 64, 2 layers, dropout 0.2).</summary>
/// <param name="Hidden">LSTM hidden size.</param>
/// <param name="Layers">Stacked LSTM layers.</param>
/// <param name="DropoutRate">Dropout between LSTM layers, in [0, 1).</param>
public sealed record LstmForecasterHyperparameters(
    [property: JsonPropertyName("hidden")] int Hidden = 64,
    [property: JsonPropertyName("layers")] int Layers = 2,
    [property: JsonPropertyName("dropout_rate")] double DropoutRate = 0.2) : ModelHyperparameters
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Architecture => "LSTMForecaster";
}

/// <summary><see cref="CnnBiLstmAttention"/>'s hyperparameters (research 000).</summary>
/// <param name="Filters">Convolution filters.</param>
/// <param name="Hidden">Hidden size of each LSTM direction.</param>
/// <param name="AttentionUnits">Additive-attention scoring units.</param>
public sealed record CnnBiLstmAttentionHyperparameters(
    [property: JsonPropertyName("filters")] int Filters = 64,
    [property: JsonPropertyName("hidden")] int Hidden = 64,
    [property: JsonPropertyName("attention_units")] int AttentionUnits = 64) : ModelHyperparameters
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Architecture => "CnnBiLstmAttention";
}

/// <summary><see cref="CnnLstmBasic"/>'s hyperparameters (research 002, Basic).</summary>
/// <param name="CnnFilters1">First convolution's filters.</param>
/// <param name="CnnFilters2">Second convolution's filters.</param>
/// <param name="LstmUnits1">First LSTM's units.</param>
/// <param name="LstmUnits2">Second LSTM's units.</param>
/// <param name="DenseUnits">Dense layer's units.</param>
/// <param name="DropoutRate">Dropout rate, in [0, 1).</param>
public sealed record CnnLstmBasicHyperparameters(
    [property: JsonPropertyName("cnn_filters_1")] int CnnFilters1 = 64,
    [property: JsonPropertyName("cnn_filters_2")] int CnnFilters2 = 32,
    [property: JsonPropertyName("lstm_units_1")] int LstmUnits1 = 64,
    [property: JsonPropertyName("lstm_units_2")] int LstmUnits2 = 32,
    [property: JsonPropertyName("dense_units")] int DenseUnits = 16,
    [property: JsonPropertyName("dropout_rate")] double DropoutRate = 0.2) : ModelHyperparameters
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Architecture => "CnnLstmBasic";
}

/// <summary><see cref="CnnLstmDeep"/>'s hyperparameters (research 002, Deep).</summary>
/// <param name="CnnFilters1">First convolution's filters.</param>
/// <param name="CnnFilters2">Second convolution's filters.</param>
/// <param name="CnnFilters3">Third convolution's filters.</param>
/// <param name="LstmUnits1">First LSTM's units.</param>
/// <param name="LstmUnits2">Second LSTM's units.</param>
/// <param name="LstmUnits3">Third LSTM's units.</param>
/// <param name="DenseUnits1">First dense layer's units.</param>
/// <param name="DenseUnits2">Second dense layer's units.</param>
/// <param name="DropoutRate">Dropout rate, in [0, 1).</param>
public sealed record CnnLstmDeepHyperparameters(
    [property: JsonPropertyName("cnn_filters_1")] int CnnFilters1 = 128,
    [property: JsonPropertyName("cnn_filters_2")] int CnnFilters2 = 64,
    [property: JsonPropertyName("cnn_filters_3")] int CnnFilters3 = 32,
    [property: JsonPropertyName("lstm_units_1")] int LstmUnits1 = 128,
    [property: JsonPropertyName("lstm_units_2")] int LstmUnits2 = 64,
    [property: JsonPropertyName("lstm_units_3")] int LstmUnits3 = 32,
    [property: JsonPropertyName("dense_units_1")] int DenseUnits1 = 32,
    [property: JsonPropertyName("dense_units_2")] int DenseUnits2 = 16,
    [property: JsonPropertyName("dropout_rate")] double DropoutRate = 0.3) : ModelHyperparameters
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Architecture => "CnnLstmDeep";
}

/// <summary><see cref="CnnLstmBidirectional"/>'s hyperparameters (research 002, Bidirectional).</summary>
/// <param name="CnnFilters1">First convolution's filters.</param>
/// <param name="CnnFilters2">Second convolution's filters.</param>
/// <param name="LstmUnits1">First bidirectional LSTM's units per direction.</param>
/// <param name="LstmUnits2">Second bidirectional LSTM's units per direction.</param>
/// <param name="DenseUnits">Dense layer's units.</param>
/// <param name="DropoutRate">Dropout rate, in [0, 1).</param>
public sealed record CnnLstmBidirectionalHyperparameters(
    [property: JsonPropertyName("cnn_filters_1")] int CnnFilters1 = 64,
    [property: JsonPropertyName("cnn_filters_2")] int CnnFilters2 = 32,
    [property: JsonPropertyName("lstm_units_1")] int LstmUnits1 = 64,
    [property: JsonPropertyName("lstm_units_2")] int LstmUnits2 = 32,
    [property: JsonPropertyName("dense_units")] int DenseUnits = 32,
    [property: JsonPropertyName("dropout_rate")] double DropoutRate = 0.2) : ModelHyperparameters
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Architecture => "CnnLstmBidirectional";
}

/// <summary><see cref="CnnLstmAttention"/>'s hyperparameters (research 002, Attention).</summary>
/// <param name="CnnFilters1">First convolution's filters.</param>
/// <param name="CnnFilters2">Second convolution's filters.</param>
/// <param name="LstmUnits">LSTM units (the attention's model width).</param>
/// <param name="AttentionHeads">Attention heads, each <c>LstmUnits / AttentionHeads</c> wide (integer division, Keras'
/// <c>key_dim</c> in the study), so at most <paramref name="LstmUnits"/>.</param>
/// <param name="DenseUnits">Dense layer's units.</param>
/// <param name="DropoutRate">Dropout rate, in [0, 1).</param>
public sealed record CnnLstmAttentionHyperparameters(
    [property: JsonPropertyName("cnn_filters_1")] int CnnFilters1 = 64,
    [property: JsonPropertyName("cnn_filters_2")] int CnnFilters2 = 32,
    [property: JsonPropertyName("lstm_units")] int LstmUnits = 64,
    [property: JsonPropertyName("attention_heads")] int AttentionHeads = 4,
    [property: JsonPropertyName("dense_units")] int DenseUnits = 32,
    [property: JsonPropertyName("dropout_rate")] double DropoutRate = 0.2) : ModelHyperparameters
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Architecture => "CnnLstmAttention";

    /// <inheritdoc />
    protected override void ValidateCombination()
    {
        if (AttentionHeads > LstmUnits)
            throw new ArgumentException($"spec.model.attention_heads: {AttentionHeads} heads of lstm_units {LstmUnits} / {AttentionHeads} = 0 features each; use at most {LstmUnits}");
    }
}

/// <summary><see cref="CnnLstmMultiscale"/>'s hyperparameters (research 002, Multiscale).</summary>
/// <param name="FiltersSmall">Filters of the kernel-3 branch.</param>
/// <param name="FiltersMedium">Filters of the kernel-5 branch.</param>
/// <param name="FiltersLarge">Filters of the kernel-7 branch.</param>
/// <param name="LstmUnits">First LSTM's units (the second has half).</param>
/// <param name="DenseUnits">Dense layer's units.</param>
/// <param name="DropoutRate">Dropout rate, in [0, 1).</param>
public sealed record CnnLstmMultiscaleHyperparameters(
    [property: JsonPropertyName("filters_small")] int FiltersSmall = 32,
    [property: JsonPropertyName("filters_medium")] int FiltersMedium = 32,
    [property: JsonPropertyName("filters_large")] int FiltersLarge = 32,
    [property: JsonPropertyName("lstm_units")] int LstmUnits = 64,
    [property: JsonPropertyName("dense_units")] int DenseUnits = 32,
    [property: JsonPropertyName("dropout_rate")] double DropoutRate = 0.2) : ModelHyperparameters
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Architecture => "CnnLstmMultiscale";
}

/// <summary><see cref="LstmAttentionDual"/>'s hyperparameters (research 004: LSTM 128 -> LSTM 64 -> attention 64).</summary>
/// <param name="Hidden1">First LSTM's units.</param>
/// <param name="Hidden2">Second LSTM's units.</param>
/// <param name="AttentionUnits">Additive-attention scoring units.</param>
public sealed record LstmAttentionDualHyperparameters(
    [property: JsonPropertyName("hidden1")] int Hidden1 = 128,
    [property: JsonPropertyName("hidden2")] int Hidden2 = 64,
    [property: JsonPropertyName("attention_units")] int AttentionUnits = 64) : ModelHyperparameters
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Architecture => "LSTMAttentionDual";
}

/// <summary><see cref="LstmAttentionMultiHorizon"/>'s hyperparameters (research 004 as the study defines it: LSTM 128 with
/// recurrent dropout 0.1 -> LSTM 64 with recurrent dropout 0.1 -> attention 64 -> volatility and 1% VaR at 1, 5 and 22 days).</summary>
/// <param name="Hidden1">First LSTM's units.</param>
/// <param name="Hidden2">Second LSTM's units.</param>
/// <param name="AttentionUnits">Additive-attention scoring units.</param>
/// <param name="RecurrentDropout">Keras <c>recurrent_dropout</c> of both LSTMs, in [0, 1): one mask per sequence on the
/// hidden state the recurrence reads, in training only.</param>
/// <param name="Horizons">Trading days ahead, ascending, distinct, each at least 1; the network has a volatility and a
/// VaR output per horizon.</param>
public sealed record LstmAttentionMultiHorizonHyperparameters(
    [property: JsonPropertyName("hidden1")] int Hidden1 = 128,
    [property: JsonPropertyName("hidden2")] int Hidden2 = 64,
    [property: JsonPropertyName("attention_units")] int AttentionUnits = 64,
    [property: JsonPropertyName("recurrent_dropout")] double RecurrentDropout = 0.1,
    [property: JsonPropertyName("horizons")] int[]? Horizons = null) : ModelHyperparameters
{
    /// <summary>The study's horizons: 1, 5 and 22 trading days.</summary>
    public static IReadOnlyList<int> StudyHorizons { get; } = [1, 5, 22];

    /// <summary>The horizons in use: <see cref="Horizons"/>, or <see cref="StudyHorizons"/> when not given.</summary>
    [JsonIgnore]
    public IReadOnlyList<int> HorizonDays => Horizons ?? StudyHorizons;

    /// <inheritdoc />
    [JsonIgnore]
    public override string Architecture => "LSTMAttentionMultiHorizon";

    /// <inheritdoc />
    protected override void ValidateCombination()
    {
        var days = HorizonDays;
        if (days.Count == 0 || days[0] < 1 || days.Zip(days.Skip(1)).Any(p => p.Second <= p.First))
            throw new ArgumentException($"spec.model.horizons: must be ascending, distinct and >= 1, got [{string.Join(", ", days)}]");
    }

    /// <summary>Equal when every value, the horizons included, is equal.</summary>
    /// <param name="other">The other hyperparameters.</param>
    public bool Equals(LstmAttentionMultiHorizonHyperparameters? other) =>
        other is not null && Hidden1 == other.Hidden1 && Hidden2 == other.Hidden2 && AttentionUnits == other.AttentionUnits
        && RecurrentDropout.Equals(other.RecurrentDropout) && HorizonDays.SequenceEqual(other.HorizonDays);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Hidden1, Hidden2, AttentionUnits, RecurrentDropout, HorizonDays.Count, HorizonDays[^1]);
}

/// <summary><see cref="TransformerForecaster"/>'s hyperparameters (research 001's Transformer variant).</summary>
/// <param name="DModel">Model width d.</param>
/// <param name="Heads">Attention heads; must divide <paramref name="DModel"/>.</param>
/// <param name="Layers">Encoder layers.</param>
/// <param name="Feedforward">Feed-forward width.</param>
/// <param name="DropoutRate">Dropout rate, in [0, 1).</param>
public sealed record TransformerForecasterHyperparameters(
    [property: JsonPropertyName("d_model")] int DModel = 32,
    [property: JsonPropertyName("heads")] int Heads = 4,
    [property: JsonPropertyName("layers")] int Layers = 2,
    [property: JsonPropertyName("feedforward")] int Feedforward = 64,
    [property: JsonPropertyName("dropout_rate")] double DropoutRate = 0.1) : ModelHyperparameters
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Architecture => "TransformerForecaster";

    /// <inheritdoc />
    protected override void ValidateCombination()
    {
        if (DModel % Heads != 0) throw new ArgumentException($"spec.model.heads: {Heads} must divide d_model {DModel}");
    }
}
