using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using VolNotebooks.Data;

namespace VolNotebooks.Runs;

/// <summary>Every run remembered: specs, metrics, per-epoch history, timings, machine, library version and the hashes
/// of written files; also the stored studies (<see cref="StudyStore"/>). The store is one SQLite file (by default
/// <c>results/runs.db</c>) or a PostgreSQL database that workers on several machines share.</summary>
/// <remarks>
/// Each run is written in one transaction, so several processes may record at once without losing a run, and a crash
/// mid-write leaves either the whole run or none of it. A SQLite file is in WAL mode with a busy timeout. On
/// PostgreSQL a lost connection is replaced and the transaction redone, as <see cref="StoreRetryPolicy"/> says. Open
/// one store per thread: a store wraps one connection.
/// </remarks>
public sealed class RunStore : IDisposable
{
    /// <summary>Environment variable naming the store (a file or a <c>postgresql://</c> URL) used when none is given
    /// (tests point it at a temporary file).</summary>
    public const string PathVariable = "VOLNB_RUNS";

    /// <summary>How long a SQLite writer waits for another process's transaction before giving up.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly StoreRetryPolicy _retry;
    private DbConnection? _connection;

    private RunStore(StoreDialect dialect, StoreRetryPolicy retry)
    {
        Dialect = dialect;
        _retry = retry;
    }

    /// <summary>The store: its SQLite file's full path, or its <c>postgresql://</c> URL without the password.</summary>
    public string Location => Dialect.Location;

    /// <summary>The schema version of the store (the latest after <see cref="Open"/>).</summary>
    public int SchemaVersion => Transact(write: false, t => RunStoreSchema.Version(t.Connection!, t));

    /// <summary>The store used when none is given: <c>$VOLNB_RUNS</c>, else <c>runs.db</c> in the results folder,
    /// else (outside the repository, with no shipped data to find it by) <c>results/runs.db</c> in the current folder.</summary>
    public static string DefaultPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured)
                return PostgresDialect.IsUrl(configured) ? configured : System.IO.Path.GetFullPath(configured);
            try
            {
                return Workbook.ResultPath("runs.db");
            }
            catch (DirectoryNotFoundException)
            {
                return System.IO.Path.GetFullPath(System.IO.Path.Combine("results", "runs.db"));
            }
        }
    }

    /// <summary>The open connection (tests read the schema through it).</summary>
    internal DbConnection Connection => _connection ??= Dialect.Open();

    /// <summary>What differs between SQLite and PostgreSQL.</summary>
    internal StoreDialect Dialect { get; }

    /// <summary>Opens (creating and migrating as needed) the store named by <paramref name="storage"/>.</summary>
    /// <param name="storage">A SQLite file, a <c>postgresql://user@host[:port]/database</c> URL, or
    /// <see langword="null"/> for <see cref="DefaultPath"/>.</param>
    /// <param name="retry">How a lost connection is retried (<see cref="StoreRetryPolicy.Default"/> when null).</param>
    public static RunStore Open(string? storage = null, StoreRetryPolicy? retry = null) => OpenAt(storage, RunStoreSchema.Latest, retry);

    /// <summary>Whether <paramref name="storage"/> names a PostgreSQL database rather than a SQLite file.</summary>
    /// <param name="storage">A storage string.</param>
    public static bool IsDatabaseUrl(string storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return PostgresDialect.IsUrl(storage);
    }

    /// <summary>Records <paramref name="run"/> in one transaction and returns its id.</summary>
    /// <param name="run">The run (its <see cref="RunRecord.Id"/> is ignored).</param>
    public long Record(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Transact(write: true, t => Insert(t, run));
    }

    /// <summary>The runs matching <paramref name="query"/>, newest first.</summary>
    /// <param name="query">Filters, or <see langword="null"/> for every run.</param>
    public IReadOnlyList<RunRecord> List(RunQuery? query = null)
    {
        query ??= new RunQuery();
        // Only the filters given become SQL: PostgreSQL cannot type a parameter that is only ever compared with NULL.
        var sql = new StringBuilder("SELECT id FROM runs WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        if (query.Model is { } model)
        {
            sql.Append(" AND lower(model) = lower(@model)");
            parameters.Add(("model", model));
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND started_at >= @since");
            parameters.Add(("since", Stamp(since)));
        }

        if (query.Kind is { } kind)
        {
            sql.Append(" AND kind = @kind");
            parameters.Add(("kind", kind.ToString()));
        }

        sql.Append(" ORDER BY started_at DESC, id DESC");
        if (query.Limit is { } limit)
        {
            sql.Append(" LIMIT @limit");
            parameters.Add(("limit", limit));
        }

        return Transact(write: false, t =>
        {
            var ids = new List<long>();
            using (var command = RunStoreSchema.Command(t.Connection!, t, sql.ToString(), [.. parameters]))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) ids.Add(reader.GetInt64(0));
            }

            return (IReadOnlyList<RunRecord>)[.. ids.Select(id => Read(t, id))];
        });
    }

    /// <summary>The run with id <paramref name="id"/>.</summary>
    /// <param name="id">A run id.</param>
    /// <exception cref="KeyNotFoundException">No such run.</exception>
    public RunRecord Get(long id) => Transact(write: false, t => Read(t, id));

    /// <inheritdoc />
    public void Dispose() => DropConnection();

    /// <summary>Opens the store migrated to <paramref name="version"/> (tests build older schemas with it).</summary>
    internal static RunStore OpenAt(string? storage, int version, StoreRetryPolicy? retry = null)
    {
        var store = new RunStore(StoreDialect.For(storage ?? DefaultPath), retry ?? StoreRetryPolicy.Default);
        try
        {
            store.Retrying(() => RunStoreSchema.Migrate(store.Connection, store.Dialect, version));
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction and commits it; when the connection is lost, redoes it
    /// on a fresh connection as the retry policy says.</summary>
    /// <param name="write">Whether the work writes (a write transaction) or only reads (a consistent snapshot).</param>
    /// <param name="work">The work; it may run more than once, so it must not change anything outside the transaction.</param>
    internal T Transact<T>(bool write, Func<DbTransaction, T> work) => Retrying(() =>
    {
        using var transaction = write ? Dialect.BeginWrite(Connection) : Dialect.BeginRead(Connection);
        var result = work(transaction);
        transaction.Commit();
        return result;
    });

    /// <summary>Inserts <paramref name="run"/> in <paramref name="transaction"/> and returns its id.</summary>
    internal long Insert(DbTransaction transaction, RunRecord run)
    {
        var connection = transaction.Connection!;
        using var insert = RunStoreSchema.Command(connection, transaction,
            "INSERT INTO runs (kind, model, started_at, seconds, spec, machine, library_version, study, trial) "
            + "VALUES (@kind, @model, @started, @seconds, @spec, @machine, @version, @study, @trial) RETURNING id",
            ("kind", run.Kind.ToString()), ("model", run.Model), ("started", Stamp(run.StartedAt)), ("seconds", run.Seconds), ("spec", run.Spec),
            ("machine", JsonSerializer.Serialize(run.Machine, Json)), ("version", run.LibraryVersion), ("study", run.Study), ("trial", run.Trial));
        var id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        var position = 0;
        foreach (var (name, value) in run.Metrics)
        {
            RunStoreSchema.Execute(connection, transaction, "INSERT INTO run_metrics (run_id, name, value, position) VALUES (@id, @name, @value, @position)",
                ("id", id), ("name", name), ("value", Finite(value)), ("position", position++));
        }

        foreach (var e in run.History)
        {
            RunStoreSchema.Execute(connection, transaction,
                "INSERT INTO run_epochs (run_id, epoch, train_loss, validation_loss, learning_rate, seconds) VALUES (@id, @epoch, @train, @validation, @rate, @seconds)",
                ("id", id), ("epoch", e.Epoch), ("train", Finite(e.TrainLoss)), ("validation", Finite(e.ValidationLoss)), ("rate", Finite(e.LearningRate)),
                ("seconds", Finite(e.Seconds)));
        }

        foreach (var a in run.Artifacts)
        {
            RunStoreSchema.Execute(connection, transaction, "INSERT INTO run_artifacts (run_id, path, sha256, bytes) VALUES (@id, @path, @sha, @bytes)",
                ("id", id), ("path", a.Path), ("sha", a.Sha256), ("bytes", a.Bytes));
        }

        return id;
    }

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static double Real(DbDataReader reader, int column) => reader.IsDBNull(column) ? double.NaN : reader.GetDouble(column);

    private T Retrying<T>(Func<T> operation)
    {
        var clock = Stopwatch.StartNew();
        for (var retry = 0; ; retry++)
        {
            try
            {
                return operation();
            }
            catch (Exception e) when (Dialect.IsTransient(e))
            {
                // The connection may be broken even when the error came from the server: start the next try afresh.
                DropConnection();
                if (retry >= _retry.Retries)
                {
                    throw new RunStoreUnavailableException(string.Create(CultureInfo.InvariantCulture,
                        $"{Location}: the run store is unreachable: {(retry == 0 ? "no retry allowed" : $"{retry} retries over {clock.Elapsed.TotalSeconds:0.#} s failed")}; the last said {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}"), e);
                }

                var delay = _retry.Delay(retry);
                _retry.Report(Location, retry, delay, e);
                Thread.Sleep(delay);
            }
        }
    }

    private void DropConnection()
    {
        _connection?.Dispose();
        _connection = null;
    }

    private RunRecord Read(DbTransaction transaction, long id)
    {
        var connection = transaction.Connection!;
        RunRecord run;
        using (var command = RunStoreSchema.Command(connection, transaction,
            "SELECT kind, model, started_at, seconds, spec, machine, library_version, study, trial FROM runs WHERE id = @id", ("id", id)))
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read()) throw new KeyNotFoundException($"{Location}: no run with id {id}");
            run = new RunRecord
            {
                Id = id,
                Kind = Enum.Parse<RunKind>(reader.GetString(0)),
                Model = reader.GetString(1),
                StartedAt = DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                Seconds = reader.GetDouble(3),
                Spec = reader.IsDBNull(4) ? null : reader.GetString(4),
                Machine = JsonSerializer.Deserialize<MachineInfo>(reader.GetString(5), Json)!,
                LibraryVersion = reader.GetString(6),
                Study = reader.IsDBNull(7) ? null : reader.GetString(7),
                Trial = reader.IsDBNull(8) ? null : reader.GetInt32(8),
            };
        }

        var metrics = new Dictionary<string, double>();
        using (var command = RunStoreSchema.Command(connection, transaction, "SELECT name, value FROM run_metrics WHERE run_id = @id ORDER BY position, name", ("id", id)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) metrics[reader.GetString(0)] = Real(reader, 1);
        }

        var history = new List<RunEpoch>();
        using (var command = RunStoreSchema.Command(connection, transaction,
            "SELECT epoch, train_loss, validation_loss, learning_rate, seconds FROM run_epochs WHERE run_id = @id ORDER BY epoch", ("id", id)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) history.Add(new RunEpoch(reader.GetInt32(0), Real(reader, 1), Real(reader, 2), Real(reader, 3), Real(reader, 4)));
        }

        var artifacts = new List<RunArtifact>();
        using (var command = RunStoreSchema.Command(connection, transaction, "SELECT path, sha256, bytes FROM run_artifacts WHERE run_id = @id ORDER BY path", ("id", id)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) artifacts.Add(new RunArtifact(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return run with { Metrics = metrics, History = history, Artifacts = artifacts };
    }
}
