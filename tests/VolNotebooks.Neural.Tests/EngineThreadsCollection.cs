namespace VolNotebooks.Neural.Tests;

/// <summary>Tests that change <see cref="Engine.Threads"/> or watch which thread runs a kernel's parts: they run one at a
/// time and after the parallel tests, so no other test's kernels share the engine's helpers with them.</summary>
[CollectionDefinition("Engine threads", DisableParallelization = true)]
public sealed class EngineThreadsCollection
{
}
