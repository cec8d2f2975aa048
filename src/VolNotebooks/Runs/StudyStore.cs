using System.Globalization;
using Microsoft.Data.Sqlite;

namespace VolNotebooks.Runs;

/// <summary>Studies kept in a <see cref="RunStore"/>: trials are claimed atomically by workers that keep a heartbeat, so
/// any number of workers (threads or processes) share one study, and a study killed at any moment resumes where it
/// stopped.</summary>
/// <remarks>
/// A claim is one immediate transaction: it first hands back every running trial whose worker has not beaten for the
/// study's heartbeat timeout (its attempt recorded as failed), then marks the lowest waiting trial running for the
/// claiming worker. A trial's parameters are sampled at its first claim and kept, so a retried trial reruns the same
/// point. Finishing is one transaction that also records the trial's run, and is refused to a worker that no longer
/// holds the trial: a finished trial is never lost, and none is finished twice.
/// </remarks>
/// <param name="store">The store holding the studies.</param>
public sealed class StudyStore(RunStore store)
{
    private readonly RunStore _store = store ?? throw new ArgumentNullException(nameof(store));

    private SqliteConnection Connection => _store.Connection;

    /// <summary>Creates <paramref name="study"/> with all its trials waiting.</summary>
    /// <param name="study">The study.</param>
    /// <exception cref="ArgumentException">A study of that name exists.</exception>
    public void Create(StudyDefinition study)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentOutOfRangeException.ThrowIfLessThan(study.Trials, 1);
        using var transaction = Connection.BeginTransaction();
        if (Find(transaction, study.Name) is not null) throw new ArgumentException($"{_store.Path}: a study named '{study.Name}' exists");
        using var insert = Command(transaction,
            "INSERT INTO studies (name, model, base_spec, trials, sampler, pruner, folds, seed, heartbeat_timeout_s, created_at) "
            + "VALUES ($name, $model, $spec, $trials, $sampler, $pruner, $folds, $seed, $timeout, $at) RETURNING id");
        insert.Parameters.AddWithValue("$name", study.Name);
        insert.Parameters.AddWithValue("$model", study.Model);
        insert.Parameters.AddWithValue("$spec", study.BaseSpec);
        insert.Parameters.AddWithValue("$trials", study.Trials);
        insert.Parameters.AddWithValue("$sampler", study.Sampler);
        insert.Parameters.AddWithValue("$pruner", study.Pruner);
        insert.Parameters.AddWithValue("$folds", study.Folds);
        insert.Parameters.AddWithValue("$seed", study.Seed);
        insert.Parameters.AddWithValue("$timeout", study.HeartbeatTimeout.TotalSeconds);
        insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        var id = (long)insert.ExecuteScalar()!;
        for (var number = 0; number < study.Trials; number++)
        {
            using var trial = Command(transaction, "INSERT INTO trials (study_id, number, state) VALUES ($id, $n, 'Waiting')");
            trial.Parameters.AddWithValue("$id", id);
            trial.Parameters.AddWithValue("$n", number);
            trial.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The study named <paramref name="name"/>.</summary>
    /// <param name="name">Its name.</param>
    /// <exception cref="KeyNotFoundException">No such study (the message lists those that exist).</exception>
    public StudyDefinition Get(string name)
    {
        using var transaction = Connection.BeginTransaction(deferred: true);
        return Find(transaction, name)?.Study ?? throw new KeyNotFoundException(
            $"{_store.Path}: no study named '{name}'; it holds {(Names(transaction) is { Count: > 0 } names ? string.Join(", ", names) : "none")}");
    }

    /// <summary>Every trial of the study, in number order, with its current steps.</summary>
    /// <param name="name">The study's name.</param>
    public IReadOnlyList<StoredTrial> Trials(string name)
    {
        using var transaction = Connection.BeginTransaction(deferred: true);
        var (id, _) = Find(transaction, name) ?? throw new KeyNotFoundException($"{_store.Path}: no study named '{name}'");
        return ReadTrials(transaction, id);
    }

    /// <summary>Every attempt at the study's trials, by trial and attempt.</summary>
    /// <param name="name">The study's name.</param>
    public IReadOnlyList<TrialAttempt> Attempts(string name)
    {
        using var transaction = Connection.BeginTransaction(deferred: true);
        var (id, _) = Find(transaction, name) ?? throw new KeyNotFoundException($"{_store.Path}: no study named '{name}'");
        using var command = Command(transaction, "SELECT number, attempt, worker, state, error FROM trial_attempts WHERE study_id = $id ORDER BY number, attempt");
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        var attempts = new List<TrialAttempt>();
        while (reader.Read())
        {
            attempts.Add(new TrialAttempt(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), Enum.Parse<StoredTrialState>(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return attempts;
    }

    /// <summary>Claims the lowest waiting trial for <paramref name="worker"/>, first handing back the trials of dead workers.</summary>
    /// <param name="name">The study's name.</param>
    /// <param name="worker">A name unique to the claiming worker (host, process, thread).</param>
    /// <param name="sample">Samples the parameters (JSON object) of a trial claimed for the first time, from the study's
    /// trials as they stand and the trial's number.</param>
    /// <returns>The claimed trial (state running), or <see langword="null"/> when no trial waits.</returns>
    public StoredTrial? Claim(string name, string worker, Func<IReadOnlyList<StoredTrial>, int, string> sample)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        ArgumentNullException.ThrowIfNull(sample);
        using var transaction = Connection.BeginTransaction();
        var (id, study) = Find(transaction, name) ?? throw new KeyNotFoundException($"{_store.Path}: no study named '{name}'");
        var now = DateTimeOffset.UtcNow;
        HandBackStale(transaction, id, now, study.HeartbeatTimeout);
        var trials = ReadTrials(transaction, id);
        if (trials.FirstOrDefault(t => t.State == StoredTrialState.Waiting) is not StoredTrial next) return null;
        var parameters = next.Parameters ?? sample(trials, next.Number);
        var attempt = next.Attempts + 1;
        Exec(transaction, "UPDATE trials SET state = 'Running', params = $a, worker = $b, heartbeat_ms = $c, attempts = $d, error = NULL, value = NULL WHERE study_id = $id AND number = $n",
            id, next.Number, parameters, worker, now.ToUnixTimeMilliseconds(), attempt);
        Exec(transaction, "DELETE FROM trial_steps WHERE study_id = $id AND number = $n", id, next.Number);
        Exec(transaction, "INSERT INTO trial_attempts (study_id, number, attempt, worker, started_at, state) VALUES ($id, $n, $a, $b, $c, 'Running')",
            id, next.Number, attempt, worker, now.ToString("O", CultureInfo.InvariantCulture));
        transaction.Commit();
        return next with { State = StoredTrialState.Running, Parameters = parameters, Worker = worker, Attempts = attempt, Error = null, Value = null, Steps = new Dictionary<int, double>() };
    }

    /// <summary>Renews <paramref name="worker"/>'s heartbeat on a trial it holds.</summary>
    /// <param name="name">The study's name.</param>
    /// <param name="number">The trial's number.</param>
    /// <param name="worker">The worker holding it.</param>
    /// <returns>Whether the worker still holds the trial.</returns>
    public bool Heartbeat(string name, int number, string worker)
    {
        using var transaction = Connection.BeginTransaction();
        var (id, _) = Find(transaction, name) ?? throw new KeyNotFoundException($"{_store.Path}: no study named '{name}'");
        var held = Exec(transaction, "UPDATE trials SET heartbeat_ms = $a WHERE study_id = $id AND number = $n AND state = 'Running' AND worker = $b",
            id, number, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), worker) == 1;
        transaction.Commit();
        return held;
    }

    /// <summary>Stores an intermediate value of a trial <paramref name="worker"/> holds (and renews its heartbeat).</summary>
    /// <param name="name">The study's name.</param>
    /// <param name="number">The trial's number.</param>
    /// <param name="worker">The worker holding it.</param>
    /// <param name="step">The step (epoch or fold).</param>
    /// <param name="value">The value there; lower is better.</param>
    /// <returns>Whether the worker still holds the trial.</returns>
    public bool Report(string name, int number, string worker, int step, double value)
    {
        using var transaction = Connection.BeginTransaction();
        var (id, _) = Find(transaction, name) ?? throw new KeyNotFoundException($"{_store.Path}: no study named '{name}'");
        var held = Exec(transaction, "UPDATE trials SET heartbeat_ms = $a WHERE study_id = $id AND number = $n AND state = 'Running' AND worker = $b",
            id, number, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), worker) == 1;
        if (held) Exec(transaction, "INSERT OR REPLACE INTO trial_steps (study_id, number, step, value) VALUES ($id, $n, $a, $b)", id, number, step, value);
        transaction.Commit();
        return held;
    }

    /// <summary>Ends a trial <paramref name="worker"/> holds and records its run, in one transaction.</summary>
    /// <param name="name">The study's name.</param>
    /// <param name="number">The trial's number.</param>
    /// <param name="worker">The worker holding it.</param>
    /// <param name="state">Complete, pruned or failed.</param>
    /// <param name="value">The objective value, or the last reported one when pruned.</param>
    /// <param name="error">Why it failed.</param>
    /// <param name="run">The trial's run, or <see langword="null"/>.</param>
    /// <returns>Whether the worker still held the trial (when not, nothing is written: another worker owns it now).</returns>
    public bool Finish(string name, int number, string worker, StoredTrialState state, double? value, string? error, RunRecord? run)
    {
        if (state is StoredTrialState.Waiting or StoredTrialState.Running) throw new ArgumentOutOfRangeException(nameof(state), state, "a trial finishes complete, pruned or failed");
        using var transaction = Connection.BeginTransaction();
        var (id, _) = Find(transaction, name) ?? throw new KeyNotFoundException($"{_store.Path}: no study named '{name}'");
        var attempt = Scalar(transaction, "SELECT attempts FROM trials WHERE study_id = $id AND number = $n AND state = 'Running' AND worker = $a", id, number, worker);
        if (attempt is null) return false;
        object runId = run is null ? DBNull.Value : _store.Insert(transaction, run);
        Exec(transaction, "UPDATE trials SET state = $a, value = $b, error = $c, run_id = $d WHERE study_id = $id AND number = $n",
            id, number, state.ToString(), value is double v && double.IsFinite(v) ? v : DBNull.Value, (object?)error ?? DBNull.Value, runId);
        Exec(transaction, "UPDATE trial_attempts SET state = $a, ended_at = $b, error = $c WHERE study_id = $id AND number = $n AND attempt = $d",
            id, number, state.ToString(), DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), (object?)error ?? DBNull.Value, attempt);
        transaction.Commit();
        return true;
    }

    private void HandBackStale(SqliteTransaction transaction, long id, DateTimeOffset now, TimeSpan timeout)
    {
        var limit = now.ToUnixTimeMilliseconds() - (long)timeout.TotalMilliseconds;
        var stale = new List<(int Number, string Worker, int Attempt)>();
        using (var command = Command(transaction, "SELECT number, worker, attempts FROM trials WHERE study_id = $id AND state = 'Running' AND heartbeat_ms < $limit"))
        {
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            while (reader.Read()) stale.Add((reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2)));
        }

        foreach (var (number, worker, attempt) in stale)
        {
            var reason = string.Create(CultureInfo.InvariantCulture, $"worker {worker} missed its heartbeats for {timeout.TotalSeconds:0.#} s");
            Exec(transaction, "UPDATE trials SET state = 'Waiting', worker = NULL, heartbeat_ms = NULL, error = $a WHERE study_id = $id AND number = $n", id, number, reason);
            Exec(transaction, "UPDATE trial_attempts SET state = 'Failed', ended_at = $a, error = $b WHERE study_id = $id AND number = $n AND attempt = $c",
                id, number, now.ToString("O", CultureInfo.InvariantCulture), reason, attempt);
        }
    }

    private List<StoredTrial> ReadTrials(SqliteTransaction transaction, long id)
    {
        var steps = new Dictionary<int, Dictionary<int, double>>();
        using (var command = Command(transaction, "SELECT number, step, value FROM trial_steps WHERE study_id = $id ORDER BY number, step"))
        {
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var number = reader.GetInt32(0);
                (steps.TryGetValue(number, out var s) ? s : steps[number] = [])[reader.GetInt32(1)] = reader.GetDouble(2);
            }
        }

        var trials = new List<StoredTrial>();
        using (var command = Command(transaction, "SELECT number, state, params, value, worker, attempts, error, run_id FROM trials WHERE study_id = $id ORDER BY number"))
        {
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var number = reader.GetInt32(0);
                trials.Add(new StoredTrial(
                    number, Enum.Parse<StoredTrialState>(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6), steps.GetValueOrDefault(number) ?? [], reader.IsDBNull(7) ? null : reader.GetInt64(7)));
            }
        }

        return trials;
    }

    private (long Id, StudyDefinition Study)? Find(SqliteTransaction transaction, string name)
    {
        using var command = Command(transaction, "SELECT id, name, model, base_spec, trials, sampler, pruner, folds, seed, heartbeat_timeout_s FROM studies WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return (reader.GetInt64(0), new StudyDefinition(
            reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5), reader.GetString(6),
            reader.GetInt32(7), reader.GetInt32(8), TimeSpan.FromSeconds(reader.GetDouble(9))));
    }

    private List<string> Names(SqliteTransaction transaction)
    {
        using var command = Command(transaction, "SELECT name FROM studies ORDER BY name");
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql) => RunStoreSchema.Command(Connection, transaction, sql);

    private int Exec(SqliteTransaction transaction, string sql, long id, int number, params object[] values)
    {
        using var command = Command(transaction, sql);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$n", number);
        for (var k = 0; k < values.Length; k++) command.Parameters.AddWithValue("$" + (char)('a' + k), values[k]);
        return command.ExecuteNonQuery();
    }

    private long? Scalar(SqliteTransaction transaction, string sql, long id, int number, params object[] values)
    {
        using var command = Command(transaction, sql);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$n", number);
        for (var k = 0; k < values.Length; k++) command.Parameters.AddWithValue("$" + (char)('a' + k), values[k]);
        return command.ExecuteScalar() is long v ? v : null;
    }
}
