using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using VolNotebooks.Data;

namespace VolNotebooks.Runs;

/// <summary>Every run remembered in one SQLite file (by default <c>results/runs.db</c>): specs, metrics, per-epoch
/// history, timings, machine, library version and the hashes of written files; also the stored studies
/// (<see cref="StudyStore"/>).</summary>
/// <remarks>
/// The file is in WAL mode with a busy timeout, and each run is written in one immediate transaction, so several
/// processes may record at once without losing a run, and a crash mid-write leaves either the whole run or none of it.
/// Open one store per thread: a store wraps one connection.
/// </remarks>
public sealed class RunStore : IDisposable
{
    /// <summary>Environment variable naming the store file used when none is given (tests point it at a temporary file).</summary>
    public const string PathVariable = "VOLNB_RUNS";

    /// <summary>How long a writer waits for another process's transaction before giving up.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private RunStore(SqliteConnection connection, string path)
    {
        Connection = connection;
        Path = path;
    }

    /// <summary>The store's file.</summary>
    public string Path { get; }

    /// <summary>The schema version of the file (the latest after <see cref="Open"/>).</summary>
    public int SchemaVersion => RunStoreSchema.Version(Connection, null);

    /// <summary>The store file used when none is given: <c>$VOLNB_RUNS</c>, else <c>runs.db</c> in the results folder,
    /// else (outside the repository, with no shipped data to find it by) <c>results/runs.db</c> in the current folder.</summary>
    public static string DefaultPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured) return System.IO.Path.GetFullPath(configured);
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

    internal SqliteConnection Connection { get; }

    /// <summary>Opens (creating and migrating as needed) the store at <paramref name="path"/>.</summary>
    /// <param name="path">The SQLite file, or <see langword="null"/> for <see cref="DefaultPath"/>.</param>
    public static RunStore Open(string? path = null) => OpenAt(path, RunStoreSchema.Latest);

    /// <summary>Records <paramref name="run"/> in one transaction and returns its id.</summary>
    /// <param name="run">The run (its <see cref="RunRecord.Id"/> is ignored).</param>
    public long Record(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var transaction = Connection.BeginTransaction();
        var id = Insert(transaction, run);
        transaction.Commit();
        return id;
    }

    /// <summary>The runs matching <paramref name="query"/>, newest first.</summary>
    /// <param name="query">Filters, or <see langword="null"/> for every run.</param>
    public IReadOnlyList<RunRecord> List(RunQuery? query = null)
    {
        query ??= new RunQuery();
        using var transaction = Connection.BeginTransaction(deferred: true);
        using var command = RunStoreSchema.Command(Connection, transaction,
            "SELECT id FROM runs WHERE ($model IS NULL OR model = $model COLLATE NOCASE) AND ($since IS NULL OR started_at >= $since) "
            + "AND ($kind IS NULL OR kind = $kind) ORDER BY started_at DESC, id DESC LIMIT $limit");
        command.Parameters.AddWithValue("$model", (object?)query.Model ?? DBNull.Value);
        command.Parameters.AddWithValue("$since", query.Since is { } since ? Stamp(since) : DBNull.Value);
        command.Parameters.AddWithValue("$kind", query.Kind is { } kind ? kind.ToString() : DBNull.Value);
        command.Parameters.AddWithValue("$limit", query.Limit ?? -1);
        var ids = new List<long>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) ids.Add(reader.GetInt64(0));
        }

        return [.. ids.Select(id => Read(transaction, id))];
    }

    /// <summary>The run with id <paramref name="id"/>.</summary>
    /// <param name="id">A run id.</param>
    /// <exception cref="KeyNotFoundException">No such run.</exception>
    public RunRecord Get(long id)
    {
        using var transaction = Connection.BeginTransaction(deferred: true);
        return Read(transaction, id);
    }

    /// <inheritdoc />
    public void Dispose() => Connection.Dispose();

    /// <summary>Opens the store migrated to <paramref name="version"/> (tests build older schemas with it).</summary>
    internal static RunStore OpenAt(string? path, int version)
    {
        var file = System.IO.Path.GetFullPath(path ?? DefaultPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            // WAL lets readers and one writer proceed together; the busy timeout makes a second writer wait its turn
            // instead of failing; synchronous=FULL makes a committed run survive a power loss, not only a crash.
            RunStoreSchema.Execute(connection, null,
                $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
            RunStoreSchema.Migrate(connection, version);
            return new RunStore(connection, file);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Inserts <paramref name="run"/> in <paramref name="transaction"/> and returns its id.</summary>
    internal long Insert(SqliteTransaction transaction, RunRecord run)
    {
        using var insert = RunStoreSchema.Command(Connection, transaction,
            "INSERT INTO runs (kind, model, started_at, seconds, spec, machine, library_version, study, trial) "
            + "VALUES ($kind, $model, $started, $seconds, $spec, $machine, $version, $study, $trial) RETURNING id");
        insert.Parameters.AddWithValue("$kind", run.Kind.ToString());
        insert.Parameters.AddWithValue("$model", run.Model);
        insert.Parameters.AddWithValue("$started", Stamp(run.StartedAt));
        insert.Parameters.AddWithValue("$seconds", run.Seconds);
        insert.Parameters.AddWithValue("$spec", (object?)run.Spec ?? DBNull.Value);
        insert.Parameters.AddWithValue("$machine", JsonSerializer.Serialize(run.Machine, Json));
        insert.Parameters.AddWithValue("$version", run.LibraryVersion);
        insert.Parameters.AddWithValue("$study", (object?)run.Study ?? DBNull.Value);
        insert.Parameters.AddWithValue("$trial", (object?)run.Trial ?? DBNull.Value);
        var id = (long)insert.ExecuteScalar()!;
        foreach (var (name, value) in run.Metrics)
            Exec(transaction, "INSERT INTO run_metrics (run_id, name, value) VALUES ($id, $a, $b)", id, name, Finite(value));
        foreach (var e in run.History)
        {
            Exec(transaction, "INSERT INTO run_epochs (run_id, epoch, train_loss, validation_loss, learning_rate, seconds) VALUES ($id, $a, $b, $c, $d, $e)",
                id, e.Epoch, Finite(e.TrainLoss), Finite(e.ValidationLoss), Finite(e.LearningRate), e.Seconds);
        }

        foreach (var a in run.Artifacts)
            Exec(transaction, "INSERT INTO run_artifacts (run_id, path, sha256, bytes) VALUES ($id, $a, $b, $c)", id, a.Path, a.Sha256, a.Bytes);
        return id;
    }

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static object Finite(double value) => double.IsFinite(value) ? value : DBNull.Value;

    private static double Real(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? double.NaN : reader.GetDouble(column);

    private void Exec(SqliteTransaction transaction, string sql, long id, params object[] values)
    {
        using var command = RunStoreSchema.Command(Connection, transaction, sql);
        command.Parameters.AddWithValue("$id", id);
        for (var k = 0; k < values.Length; k++) command.Parameters.AddWithValue("$" + (char)('a' + k), values[k]);
        command.ExecuteNonQuery();
    }

    private RunRecord Read(SqliteTransaction transaction, long id)
    {
        RunRecord run;
        using (var command = RunStoreSchema.Command(Connection, transaction,
            "SELECT kind, model, started_at, seconds, spec, machine, library_version, study, trial FROM runs WHERE id = $id"))
        {
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) throw new KeyNotFoundException($"{Path}: no run with id {id}");
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
        using (var command = RunStoreSchema.Command(Connection, transaction, "SELECT name, value FROM run_metrics WHERE run_id = $id ORDER BY rowid"))
        {
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            while (reader.Read()) metrics[reader.GetString(0)] = Real(reader, 1);
        }

        var history = new List<RunEpoch>();
        using (var command = RunStoreSchema.Command(Connection, transaction,
            "SELECT epoch, train_loss, validation_loss, learning_rate, seconds FROM run_epochs WHERE run_id = $id ORDER BY epoch"))
        {
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            while (reader.Read()) history.Add(new RunEpoch(reader.GetInt32(0), Real(reader, 1), Real(reader, 2), Real(reader, 3), Real(reader, 4)));
        }

        var artifacts = new List<RunArtifact>();
        using (var command = RunStoreSchema.Command(Connection, transaction, "SELECT path, sha256, bytes FROM run_artifacts WHERE run_id = $id ORDER BY path"))
        {
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            while (reader.Read()) artifacts.Add(new RunArtifact(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return run with { Metrics = metrics, History = history, Artifacts = artifacts };
    }
}
