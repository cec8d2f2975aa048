using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace VolNotebooks.Charts;

/// <summary>Lets Plotly.NET run inside a host that already loaded an older FSharp.Core, as the Polyglot Notebooks kernel
/// does, by answering the process's FSharp.Core requests with the FSharp.Core it has loaded.</summary>
/// <remarks>
/// Plotly.NET 6.0.0 is compiled against FSharp.Core 10.1; dotnet-interactive 1.0.712001 (the kernel VS Code Polyglot
/// Notebooks runs) loads its own FSharp.Core 10.0 at start-up. Left alone, Plotly.NET binds to the 10.1 copy beside this
/// library while Giraffe.ViewEngine, which it renders with, binds to the host's 10.0, and the first chart fails with a
/// MissingMethodException between the two copies (seen in the tool). This handler runs before the host's own resolver
/// and redirects the request to the loaded copy - the binding redirect .NET Framework hosts used for FSharp.Core. In a
/// host that has no FSharp.Core loaded yet (volnb, the tests, a plain script host) the request is not redirected and the
/// copy beside the library is loaded. <c>tests/VolNotebooks.Kernel.Tests/PolyglotToolTests.cs</c> runs every notebook in
/// the tool.
/// </remarks>
internal static class FSharpCoreBinding
{
#pragma warning disable CA2255 // a library's module initializer: the redirect must be in place before any chart is built
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Install() => AssemblyLoadContext.Default.Resolving += Loaded;

    private static Assembly? Loaded(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == "FSharp.Core" ? AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "FSharp.Core") : null;
}
