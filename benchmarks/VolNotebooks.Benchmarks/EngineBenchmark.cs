using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text.Json;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Benchmarks;

/// <summary>
/// Trains the five network configurations of <c>shared/bench/torch_bench.py</c> on the Neural engine and reports
/// training and inference throughput, mirroring the PyTorch script: float32, batch-first, Adam(lr=1e-3), synthetic
/// standard-normal inputs and targets, order reshuffled every epoch, last partial batch kept, one untimed warm-up epoch,
/// median of the timed epochs; inference in eval mode without a tape, in order, one warm-up pass, median of 5 passes.
/// </summary>
public static class EngineBenchmark
{
    private static bool _profile;

    private static readonly string[] AllModels = ["lstm_ablation", "lstm_vol", "cnn_bilstm_attn", "cnn_lstm_basic", "lstm_attn_dual"];

    /// <summary>Entry point: <c>engine [--json] [--model NAME[,NAME]|all] [--epochs 5] [--warmup 1] [--n N] [--threads 2] [--seed 1234] [--torch PATH/torch_bench.py] [--in-process] [--profile]</c>.</summary>
    /// <remarks>
    /// With <c>--torch</c>, each model's PyTorch run (Debian's /usr/bin/python3, OpenBLAS via LD_LIBRARY_PATH) follows ours
    /// immediately, its JSON line is passed through, and a markdown table with the ratios goes to stderr at the end.
    /// With <c>--profile</c>, the timed epochs also write to stderr where a training step's time goes: data gathering,
    /// forward, backward, optimizer, and per operation (forward and backward), see <see cref="OpProfile"/>.
    /// </remarks>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        bool json = args.Contains("--json");
        bool inProcess = args.Contains("--in-process");
        _profile = args.Contains("--profile");
        string model = Option(args, "--model") ?? "all";
        int epochs = int.Parse(Option(args, "--epochs") ?? "5", CultureInfo.InvariantCulture);
        int warmup = int.Parse(Option(args, "--warmup") ?? "1", CultureInfo.InvariantCulture);
        int threads = int.Parse(Option(args, "--threads") ?? "2", CultureInfo.InvariantCulture);
        ulong seed = ulong.Parse(Option(args, "--seed") ?? "1234", CultureInfo.InvariantCulture);
        string? nText = Option(args, "--n");
        int? n = nText is null ? null : int.Parse(nText, CultureInfo.InvariantCulture);
        string[] names = model == "all" ? AllModels : model.Split(',');
        foreach (string name in names)
        {
            if (!AllModels.Contains(name))
            {
                Console.Error.WriteLine($"unknown model '{name}'; choose from {string.Join(", ", AllModels)} or all");
                return 2;
            }
        }

        // Each model runs in its own process so that peak_working_set_mb is that model's alone.
        string? torch = Option(args, "--torch");
        if ((names.Length > 1 || torch is not null) && !inProcess)
        {
            var rows = new List<(string Model, JsonElement Ours, JsonElement? Torch)>();
            foreach (string name in names)
            {
                var (rc, ours) = RunChild(args, name, json);
                if (rc != 0)
                {
                    return rc;
                }

                JsonElement? reference = torch is null ? null : RunTorch(torch, name, args);
                if (ours is { } o)
                {
                    rows.Add((name, o, reference));
                }
            }

            if (torch is not null)
            {
                Console.Error.WriteLine(ComparisonTable(rows));
            }

            return 0;
        }

        Engine.Threads = threads;
        foreach (string name in names)
        {
            var result = RunModel(name, epochs, warmup, seed, n, threads);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(result));
            }
            else
            {
                Console.WriteLine(Describe(JsonDocument.Parse(JsonSerializer.Serialize(result)).RootElement));
            }
        }

        return 0;
    }

    private static Dictionary<string, object> RunModel(string name, int epochs, int warmup, ulong seed, int? nOverride, int threads)
    {
        var (steps, features, batch, n, targets) = name switch
        {
            "lstm_ablation" => (20, 5, 64, 2500, 1),
            "lstm_vol" => (60, 4, 64, 2676, 1),
            "cnn_bilstm_attn" => (60, 4, 64, 2676, 1),
            "cnn_lstm_basic" => (30, 8, 32, 4000, 1),
            _ => (30, 15, 64, 3000, 2),
        };
        n = nOverride ?? n;
        var rng = new RandomSource(seed);
        var x = Gaussian(n * steps * features, rng);
        var ys = Enumerable.Range(0, targets).Select(_ => Gaussian(n, rng)).ToArray();
        // The workbook's own models at their research defaults, as the reference script builds its PyTorch twins
        // (LSTMVol and the two-headed model add a softplus to the volatility output, which PyTorch's twins omit).
        var model = ModelCatalog.Get(name switch
        {
            "lstm_ablation" => "LSTMForecaster",
            "lstm_vol" => "LSTMVol",
            "cnn_bilstm_attn" => "CnnBiLstmAttention",
            "cnn_lstm_basic" => "CnnLstmBasic",
            _ => "LSTMAttentionDual",
        }).Create(features, rng);
        var module = model;
        var optimizer = new Adam<float>(module.Parameters(), 1e-3);
        var shuffle = new RandomSource(seed + 1);

        var phases = new double[4]; // gather, forward (with the loss), backward, optimizer (step and zero_grad)
        double OneEpoch(out double meanLoss)
        {
            module.Train();
            int[] perm = shuffle.Permutation(n);
            double total = 0;
            var sw = Stopwatch.StartNew();
            long t0 = Stopwatch.GetTimestamp();
            void Phase(int k)
            {
                if (_profile)
                {
                    long now = Stopwatch.GetTimestamp();
                    phases[k] += (now - t0) / (double)Stopwatch.Frequency;
                    t0 = now;
                }
            }

            for (int i = 0; i < n; i += batch)
            {
                int b = Math.Min(batch, n - i);
                int[] idx = perm[i..(i + b)];
                var xb = Gather(x, idx, steps * features, b, steps, features);
                var yb = ys.Select(y => Gather(y, idx, 1, b, 1)).ToArray();
                Phase(0);
                optimizer.ZeroGrad();
                Phase(3);
                using var tape = new Tape();
                OpProfile.Mark();
                var outputs = model.Forward(xb);                                        // [B, O]
                var loss = targets == 1
                    ? Losses.Mse(outputs, yb[0])
                    : Losses.WeightedSum(
                        (0.7, Losses.Mse(Ops.Slice(outputs, 1, 0, 1), yb[0])),
                        (0.3, Losses.Pinball(Ops.Slice(outputs, 1, 1, 1), yb[1], 0.01)));
                Phase(1);
                tape.Backward(loss);
                Phase(2);
                optimizer.Step();
                total += loss.ToScalar() * b;
                Phase(3);
            }

            meanLoss = total / n;
            return sw.Elapsed.TotalSeconds;
        }

        double OnePass()
        {
            module.Eval();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i += batch)
            {
                int b = Math.Min(batch, n - i);
                var xb = new Tensor<float>(x.AsSpan(i * steps * features, b * steps * features).ToArray(), b, steps, features);
                model.Forward(xb);
            }

            return sw.Elapsed.TotalSeconds;
        }

        double lastLoss = 0;
        for (int e = 0; e < warmup; e++)
        {
            OneEpoch(out lastLoss);
        }

        var times = new List<double>();
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        OpProfile.Enabled = _profile;
        Array.Clear(phases);
        for (int e = 0; e < epochs; e++)
        {
            double dt = OneEpoch(out lastLoss);
            times.Add(dt);
            Console.Error.WriteLine($"[{name}] epoch {e + 1}/{epochs}: {dt:F3}s loss {lastLoss:F5}");
        }

        self.Refresh();
        double cpuPerEpoch = (self.TotalProcessorTime - cpuBefore).TotalSeconds / Math.Max(1, epochs);
        OpProfile.Enabled = false;
        if (_profile)
        {
            WriteProfile(name, phases, epochs * ((n + batch - 1) / batch));
        }

        OnePass();
        self.Refresh();
        cpuBefore = self.TotalProcessorTime;
        var itimes = Enumerable.Range(0, 5).Select(_ => OnePass()).ToList();
        self.Refresh();
        double cpuPerPass = (self.TotalProcessorTime - cpuBefore).TotalSeconds / 5;
        double med = Median(times), imed = Median(itimes);
        using var process = Process.GetCurrentProcess();
        return new Dictionary<string, object>
        {
            ["model"] = name,
            ["engine"] = "VolNotebooks.Neural",
            ["samples_per_sec"] = Math.Round(n / med, 2),
            ["epoch_seconds_median"] = Math.Round(med, 4),
            ["epoch_seconds"] = times.Select(t => Math.Round(t, 4)).ToArray(),
            // CPU seconds of this process per timed epoch (all threads): less sensitive than wall time to other load.
            ["epoch_cpu_seconds_mean"] = Math.Round(cpuPerEpoch, 4),
            ["inference_samples_per_sec"] = Math.Round(n / imed, 2),
            ["inference_pass_seconds_median"] = Math.Round(imed, 4),
            ["inference_pass_cpu_seconds_mean"] = Math.Round(cpuPerPass, 4),
            ["param_count"] = module.ParameterCount,
            ["peak_working_set_mb"] = Math.Round(process.PeakWorkingSet64 / (1024.0 * 1024.0), 1),
            ["gc_pause_seconds_total"] = Math.Round(GC.GetTotalPauseDuration().TotalSeconds, 3),
            ["gc_collections_gen0_gen1_gen2"] = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) },
            ["N"] = n,
            ["batch"] = batch,
            ["seq_len"] = steps,
            ["features"] = features,
            ["steps_per_epoch"] = (n + batch - 1) / batch,
            ["warmup_epochs"] = warmup,
            ["timed_epochs"] = epochs,
            ["final_train_loss"] = Math.Round(lastLoss, 6),
            ["dtype"] = "float32",
            ["threads"] = threads,
            ["vector512"] = Vector512.IsHardwareAccelerated,
            ["dotnet"] = Environment.Version.ToString(),
            ["seed"] = seed,
        };
    }

    // Milliseconds per training step: the phases, then each operation's forward and backward.
    private static void WriteProfile(string name, double[] phases, int stepCount)
    {
        double ms = 1000.0 / stepCount;
        double step = phases.Sum() * ms;
        var e = Console.Error;
        e.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{name}] profile, ms per step ({step:F3}): gather {phases[0] * ms:F3}, forward {phases[1] * ms:F3}, backward {phases[2] * ms:F3}, optimizer {phases[3] * ms:F3}"));
        e.WriteLine($"[{name}] {"operation",-24} {"records",8} {"forward ms",11} {"backward ms",12} {"share",6}");
        foreach (var (op, fwd, bwd, count) in OpProfile.Snapshot())
        {
            e.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{name}] {op,-24} {count / (double)stepCount,8:F1} {fwd * ms,11:F3} {bwd * ms,12:F3} {(fwd + bwd) * ms / step,6:P0}"));
        }

        OpProfile.Reset();
    }

    // Runs one model in a child process, echoes its stdout and returns its exit code and JSON result (when --json).
    private static (int ExitCode, JsonElement? Result) RunChild(string[] args, string model, bool json)
    {
        string path = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(path) { UseShellExecute = false, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(EngineBenchmark).Assembly.Location);
        }

        psi.ArgumentList.Add("engine");
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is "--model" or "--torch")
            {
                i++;
                continue;
            }

            psi.ArgumentList.Add(args[i]);
        }

        psi.ArgumentList.Add("--json");
        psi.ArgumentList.Add("--model");
        psi.ArgumentList.Add(model);
        psi.ArgumentList.Add("--in-process");
        using var child = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the benchmark child process.");
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        JsonElement? result = null;
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            result = JsonDocument.Parse(line).RootElement.Clone();
            Console.WriteLine(json ? line : Describe(result.Value));
        }

        return (child.ExitCode, result);
    }

    // Runs shared/bench/torch_bench.py for one model with the same epochs, warm-up, N, threads and seed.
    private static JsonElement? RunTorch(string script, string model, string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardOutput = true };
        psi.Environment["LD_LIBRARY_PATH"] = "/usr/lib/x86_64-linux-gnu/openblas-pthread";
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add("--model");
        psi.ArgumentList.Add(model);
        psi.ArgumentList.Add("--json");
        foreach (string option in new[] { "--epochs", "--warmup", "--n", "--threads", "--seed" })
        {
            if (Option(args, option) is { } value)
            {
                psi.ArgumentList.Add(option);
                psi.ArgumentList.Add(value);
            }
        }

        using var child = Process.Start(psi) ?? throw new InvalidOperationException("Could not start python3.");
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        string? line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (child.ExitCode != 0 || line is null)
        {
            Console.Error.WriteLine($"[{model}] torch_bench.py failed with exit code {child.ExitCode}");
            return null;
        }

        Console.WriteLine(line);
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    private static string ComparisonTable(List<(string Model, JsonElement Ours, JsonElement? Torch)> rows)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("| model | params | train samples/s (ours) | train samples/s (PyTorch) | ratio | inference samples/s (ours) | inference samples/s (PyTorch) | ratio | peak MB (ours) |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (model, ours, torch) in rows)
        {
            double train = ours.GetProperty("samples_per_sec").GetDouble();
            double infer = ours.GetProperty("inference_samples_per_sec").GetDouble();
            string tTrain = "n/a", tInfer = "n/a", rTrain = "n/a", rInfer = "n/a";
            if (torch is { } t)
            {
                double a = t.GetProperty("samples_per_sec").GetDouble(), b = t.GetProperty("inference_samples_per_sec").GetDouble();
                tTrain = a.ToString("F0", CultureInfo.InvariantCulture);
                tInfer = b.ToString("F0", CultureInfo.InvariantCulture);
                rTrain = (train / a).ToString("F1", CultureInfo.InvariantCulture) + "x";
                rInfer = (infer / b).ToString("F1", CultureInfo.InvariantCulture) + "x";
            }

            sb.AppendLine(CultureInfo.InvariantCulture, $"| {model} | {ours.GetProperty("param_count").GetInt64()} | {train:F0} | {tTrain} | {rTrain} | {infer:F0} | {tInfer} | {rInfer} | {ours.GetProperty("peak_working_set_mb").GetDouble():F0} |");
        }

        return sb.ToString();
    }

    private static string Describe(JsonElement r) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{r.GetProperty("model").GetString(),-16} params {r.GetProperty("param_count").GetInt64(),8} train {r.GetProperty("samples_per_sec").GetDouble(),10:F1} samples/s " +
            $"infer {r.GetProperty("inference_samples_per_sec").GetDouble(),10:F1} samples/s peak {r.GetProperty("peak_working_set_mb").GetDouble():F0} MB " +
            $"(per CPU second: train {r.GetProperty("N").GetInt32() / r.GetProperty("epoch_cpu_seconds_mean").GetDouble():F0}, infer {r.GetProperty("N").GetInt32() / r.GetProperty("inference_pass_cpu_seconds_mean").GetDouble():F0})");

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static float[] Gaussian(int length, RandomSource rng)
    {
        var data = new float[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (float)rng.NextGaussian();
        }

        return data;
    }

    private static Tensor<float> Gather(float[] source, ReadOnlySpan<int> rows, int rowLength, params int[] shape)
    {
        var data = new float[rows.Length * rowLength];
        for (int r = 0; r < rows.Length; r++)
        {
            Array.Copy(source, rows[r] * rowLength, data, r * rowLength, rowLength);
        }

        return new Tensor<float>(data, shape);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
