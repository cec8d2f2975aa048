using VolNotebooks.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/VolNotebooks.Benchmarks -- <suite> [--json]
// Each suite lives in its own file and prints one line (or JSON object) per measurement.
var suite = args.Length > 0 ? args[0] : "help";
var rest = args.Length > 0 ? args[1..] : [];
return suite switch
{
    "data" => DataBenchmark.Run(rest),
    "engine" => EngineBenchmark.Run(rest),
    "garch" => GarchBenchmark.Run(rest),
    "notebooks" => await NotebookBenchmark.RunAsync(rest),
    "study" => StudyBenchmark.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: VolNotebooks.Benchmarks <data|engine|garch|notebooks|study> [--json]");
    return 2;
}
