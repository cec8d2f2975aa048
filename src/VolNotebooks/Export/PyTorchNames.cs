using System.Text.RegularExpressions;

namespace VolNotebooks.Export;

/// <summary>The one place where the engine's state names become the names the matching <c>torch.nn</c> modules give
/// their <c>state_dict</c> entries.</summary>
/// <remarks>
/// The engine already names almost everything as PyTorch does (<c>front.conv1.weight</c>, <c>norm1.running_mean</c>,
/// <c>attention.in_proj_weight</c>, <c>encoder0.self_attn.out_proj.bias</c>, <c>head.0.weight</c> of an
/// <c>nn.Sequential</c>). Two things differ:
/// <list type="bullet">
/// <item><c>nn.LSTM</c> keeps one flat set per layer and direction: the engine's <c>lstm.l{k}.w_ih</c>, <c>w_hh</c>,
/// <c>b_ih</c>, <c>b_hh</c> are <c>lstm.weight_ih_l{k}</c>, <c>weight_hh_l{k}</c>, <c>bias_ih_l{k}</c>,
/// <c>bias_hh_l{k}</c>, and <c>lstm.l{k}_reverse.*</c> gets the suffix <c>_reverse</c> (<c>lstm.weight_ih_l{k}_reverse</c>).
/// Shapes and gate order (i, f, g, o) are the same, so the values are copied unchanged.</item>
/// <item><c>nn.BatchNorm1d</c> also holds <c>num_batches_tracked</c> (int64, shape []), which the engine does not keep:
/// it is written as 0. PyTorch reads it only when <c>momentum=None</c> (a cumulative average); our batch norms use a
/// fixed momentum, and evaluation uses the running statistics alone.</item>
/// </list>
/// The Transformer's sinusoidal table is not state in the engine, nor in the reference modules (a non-persistent buffer).
/// </remarks>
public static partial class PyTorchNames
{
    /// <summary>The <c>state_dict</c> name of the engine entry <paramref name="engineName"/>
    /// (<c>lstm1.l0_reverse.w_ih</c> -> <c>lstm1.weight_ih_l0_reverse</c>; names PyTorch shares are returned as they are).</summary>
    /// <param name="engineName">A name from <c>Module.StateEntries()</c>.</param>
    public static string Of(string engineName)
    {
        ArgumentNullException.ThrowIfNull(engineName);
        var lstm = LstmEntry().Match(engineName);
        if (!lstm.Success) return engineName;
        var kind = lstm.Groups["kind"].Value switch
        {
            "w_ih" => "weight_ih",
            "w_hh" => "weight_hh",
            "b_ih" => "bias_ih",
            _ => "bias_hh",
        };
        return $"{lstm.Groups["module"].Value}.{kind}_l{lstm.Groups["layer"].Value}{lstm.Groups["reverse"].Value}";
    }

    /// <summary>The entries PyTorch's modules hold that the engine does not: <c>num_batches_tracked</c> of every batch norm,
    /// recognized by its <c>running_mean</c> among <paramref name="engineNames"/>.</summary>
    /// <param name="engineNames">The model's state names.</param>
    public static IEnumerable<string> BatchCounters(IEnumerable<string> engineNames)
    {
        ArgumentNullException.ThrowIfNull(engineNames);
        const string runningMean = ".running_mean";
        return engineNames.Where(n => n.EndsWith(runningMean, StringComparison.Ordinal))
            .Select(n => n[..^runningMean.Length] + ".num_batches_tracked");
    }

    [GeneratedRegex(@"^(?<module>.+)\.l(?<layer>\d+)(?<reverse>_reverse)?\.(?<kind>w_ih|w_hh|b_ih|b_hh)$", RegexOptions.CultureInvariant)]
    private static partial Regex LstmEntry();
}
