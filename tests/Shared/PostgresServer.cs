using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace VolNotebooks.Testing;

/// <summary>A throwaway PostgreSQL server for one test run, started by <c>tests/fixtures/postgres.sh</c> on a free
/// loopback port and stopped (its folder deleted) on dispose; each test takes a fresh database of its own.</summary>
/// <remarks>When the server's binaries are missing the constructor throws with the script's message (what to install),
/// so every test that needs the server fails saying so: none is skipped in silence.</remarks>
public sealed class PostgresServer : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);
    private readonly string _script;
    private readonly string _folder;
    private int _databases;

    /// <summary>Starts the server (tests/fixtures/postgres.sh start).</summary>
    public PostgresServer()
    {
        _script = FindScript();
        // Directly under the temporary folder: when tests run as root the server runs as 'postgres', which must reach it.
        _folder = Path.Combine(Path.GetTempPath(), "volnb-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Port = FreePort();
        var (code, output, error) = Run("start", _folder, Port.ToString(CultureInfo.InvariantCulture), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (code != 0) throw new InvalidOperationException($"{_script} could not start a PostgreSQL server (exit {code}): {error.Trim()}");
        Url = output.Trim();
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The superuser's URL to the <c>postgres</c> database.</summary>
    public string Url { get; }

    /// <summary>Creates an empty database and returns its URL.</summary>
    public string CreateDatabase()
    {
        var name = "t" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture);
        Sql("postgres", $"CREATE DATABASE {name}");
        return $"postgresql://volnb@127.0.0.1:{Port}/{name}";
    }

    /// <summary>The database name at the end of <paramref name="url"/>.</summary>
    public static string DatabaseOf(string url) => url[(url.LastIndexOf('/') + 1)..];

    /// <summary>Runs <paramref name="sql"/> as the superuser (through psql, so a test needs no driver of its own) and
    /// returns the rows it prints, one a line.</summary>
    public IReadOnlyList<string> Sql(string database, string sql)
    {
        var (code, output, error) = Run("sql", Port.ToString(CultureInfo.InvariantCulture), database, sql);
        if (code != 0) throw new InvalidOperationException($"psql on {database} failed (exit {code}) for '{sql}': {error.Trim()}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Ends every session on <paramref name="database"/> opened by volnb (application name <c>volnb</c>), as
    /// an administrator or a restarting server would, and returns how many it ended.</summary>
    public int TerminateVolnbSessions(string database) =>
        Sql("postgres", $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND application_name = 'volnb' AND pid <> pg_backend_pid()").Count;

    /// <summary>Stops the server and deletes its folder.</summary>
    public void Dispose() => Run("stop", _folder);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "tests", "fixtures", "postgres.sh");
            if (File.Exists(script)) return script;
        }

        throw new FileNotFoundException($"tests/fixtures/postgres.sh: not found above {AppContext.BaseDirectory}");
    }

    private (int Code, string Output, string Error) Run(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(_script);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ScriptTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_script} {string.Join(' ', args)}: no answer in {ScriptTimeout.TotalSeconds} s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
