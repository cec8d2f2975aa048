using System.Data.Common;
using System.Globalization;

namespace VolNotebooks.Runs;

/// <summary>Studies kept in a <see cref="RunStore"/>: trials are claimed atomically by workers that keep a heartbeat, so
/// any number of workers (threads, processes, machines sharing a PostgreSQL database) share one study, and a study
/// killed at any moment resumes where it stopped.</summary>
/// <remarks>
/// A claim is one write transaction: it first hands back every running trial whose worker has not beaten for the
/// study's heartbeat timeout (its attempt recorded as failed), then marks the lowest waiting trial running for the
/// claiming worker. On SQLite the transaction holds the file's write lock, so claims are serialized; on PostgreSQL the
/// rows it hands back and the row it takes are locked with <c>FOR UPDATE SKIP LOCKED</c>, so concurrent claimers take
/// distinct trials without waiting for each other, and a heartbeat racing a hand-back either lands first (the trial
/// stays its worker's) or finds the trial gone. A trial's parameters are sampled at its first claim and kept, so a
/// retried trial reruns the same point. Finishing is one transaction that also records the trial's run, and is refused
/// to a worker that no longer holds the trial: a finished trial is never lost, and none is finished twice.
/// </remarks>
/// <param name="store">The store holding the studies.</param>
public sealed class StudyStore(RunStore store)
{
    private readonly RunStore _store = store ?? throw new ArgumentNullException(nameof(store));

    private StoreDialect Dialect => _store.Dialect;

    /// <summary>Creates <paramref name="study"/> with all its trials waiting.</summary>
    /// <param name="study">The study.</param>
    /// <exception cref="ArgumentException">A study of that name exists.</exception>
    public void Create(StudyDefinition study)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentOutOfRangeException.ThrowIfLessThan(study.Trials, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(study.Batch);
        _store.Transact(write: true, t =>
        {
            if (Find(t, study.Name) is not null) throw new ArgumentException($"{_store.Location}: a study named '{study.Name}' exists");
            using var insert = Command(t,
                "INSERT INTO studies (name, model, base_spec, trials, sampler, pruner, folds, seed, heartbeat_timeout_s, batch, created_at) "
                + "VALUES (@name, @model, @spec, @trials, @sampler, @pruner, @folds, @seed, @timeout, @batch, @at) RETURNING id",
                ("name", study.Name), ("model", study.Model), ("spec", study.BaseSpec), ("trials", study.Trials), ("sampler", study.Sampler),
                ("pruner", study.Pruner), ("folds", study.Folds), ("seed", study.Seed), ("timeout", study.HeartbeatTimeout.TotalSeconds),
                ("batch", study.Batch), ("at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
            var id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
            for (var number = 0; number < study.Trials; number++)
                Exec(t, "INSERT INTO trials (study_id, number, state) VALUES (@id, @n, 'Waiting')", ("id", id), ("n", number));
            return id;
        });
    }

    /// <summary>The study named <paramref name="name"/>.</summary>
    /// <param name="name">Its name.</param>
    /// <exception cref="KeyNotFoundException">No such study (the message lists those that exist).</exception>
    public StudyDefinition Get(string name) => _store.Transact(write: false, t => Find(t, name)?.Study ?? throw new KeyNotFoundException(
        $"{_store.Location}: no study named '{name}'; it holds {(Names(t) is { Count: > 0 } names ? string.Join(", ", names) : "none")}"));

    /// <summary>Whether the store holds a study named <paramref name="name"/>.</summary>
    /// <param name="name">The name.</param>
    public bool Exists(string name) => _store.Transact(write: false, t => Find(t, name) is not null);

    /// <summary>Every trial of the study, in number order, with its current steps.</summary>
    /// <param name="name">The study's name.</param>
    public IReadOnlyList<StoredTrial> Trials(string name) => _store.Transact(write: false, t => ReadTrials(t, Id(t, name)));

    /// <summary>Every attempt at the study's trials, by trial and attempt.</summary>
    /// <param name="name">The study's name.</param>
    public IReadOnlyList<TrialAttempt> Attempts(string name) => _store.Transact(write: false, t =>
    {
        using var command = Command(t, "SELECT number, attempt, worker, state, error FROM trial_attempts WHERE study_id = @id ORDER BY number, attempt", ("id", Id(t, name)));
        using var reader = command.ExecuteReader();
        var attempts = new List<TrialAttempt>();
        while (reader.Read())
        {
            attempts.Add(new TrialAttempt(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), Enum.Parse<StoredTrialState>(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return (IReadOnlyList<TrialAttempt>)attempts;
    });

    /// <summary>Claims the lowest waiting trial for <paramref name="worker"/>, first handing back the trials of dead workers.</summary>
    /// <param name="name">The study's name.</param>
    /// <param name="worker">A name unique to the claiming worker (host, process, thread).</param>
    /// <param name="sample">Samples the parameters (JSON object) of a trial claimed for the first time, from the study's
    /// trials as they stand and the trial's number; it may be called again if the claim is retried after a lost connection.</param>
    /// <returns>The claimed trial (state running), or <see langword="null"/> when no trial waits or, in a batched study,
    /// the lowest waiting one must wait for trials it learns from that are still running.</returns>
    public StoredTrial? Claim(string name, string worker, Func<IReadOnlyList<StoredTrial>, int, string> sample)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        ArgumentNullException.ThrowIfNull(sample);
        return _store.Transact(write: true, t =>
        {
            var (id, study) = Find(t, name) ?? throw new KeyNotFoundException($"{_store.Location}: no study named '{name}'");
            var now = DateTimeOffset.UtcNow;
            HandBackStale(t, id, now, study.HeartbeatTimeout);
            int number;
            using (var lowest = Command(t, "SELECT number FROM trials WHERE study_id = @id AND state = 'Waiting' ORDER BY number LIMIT 1" + Dialect.LockSkippingLocked, ("id", id)))
            {
                if (lowest.ExecuteScalar() is not { } found || found is DBNull) return null;
                number = Convert.ToInt32(found, CultureInfo.InvariantCulture);
            }

            var trials = ReadTrials(t, id);
            // A batched study's trial waits until every trial it learns from has finished.
            if (study.Batch > 0 && trials.Any(o => study.Sees(number, o.Number) && o.State is StoredTrialState.Waiting or StoredTrialState.Running)) return null;
            var next = trials.Single(trial => trial.Number == number);
            var parameters = next.Parameters ?? sample(trials, number);
            var attempt = next.Attempts + 1;
            Exec(t, "UPDATE trials SET state = 'Running', params = @params, worker = @worker, heartbeat_ms = @beat, attempts = @attempt, error = NULL, value = NULL "
                + "WHERE study_id = @id AND number = @n",
                ("id", id), ("n", number), ("params", parameters), ("worker", worker), ("beat", now.ToUnixTimeMilliseconds()), ("attempt", attempt));
            Exec(t, "DELETE FROM trial_steps WHERE study_id = @id AND number = @n", ("id", id), ("n", number));
            Exec(t, "INSERT INTO trial_attempts (study_id, number, attempt, worker, started_at, state) VALUES (@id, @n, @attempt, @worker, @at, 'Running')",
                ("id", id), ("n", number), ("attempt", attempt), ("worker", worker), ("at", now.ToString("O", CultureInfo.InvariantCulture)));
            return next with { State = StoredTrialState.Running, Parameters = parameters, Worker = worker, Attempts = attempt, Error = null, Value = null, Steps = new Dictionary<int, double>() };
        });
    }

    /// <summary>Renews <paramref name="worker"/>'s heartbeat on a trial it holds.</summary>
    /// <param name="name">The study's name.</param>
    /// <param name="number">The trial's number.</param>
    /// <param name="worker">The worker holding it.</param>
    /// <returns>Whether the worker still holds the trial.</returns>
    public bool Heartbeat(string name, int number, string worker) => _store.Transact(write: true, t => Beat(t, Id(t, name), number, worker));

    /// <summary>Stores an intermediate value of a trial <paramref name="worker"/> holds (and renews its heartbeat).</summary>
    /// <param name="name">The study's name.</param>
    /// <param name="number">The trial's number.</param>
    /// <param name="worker">The worker holding it.</param>
    /// <param name="step">The step (epoch or fold).</param>
    /// <param name="value">The value there; lower is better.</param>
    /// <returns>Whether the worker still holds the trial.</returns>
    public bool Report(string name, int number, string worker, int step, double value) => _store.Transact(write: true, t =>
    {
        var id = Id(t, name);
        // The heartbeat's UPDATE locks the trial's row until commit, so no claim hands it back between the two statements.
        var held = Beat(t, id, number, worker);
        if (held)
        {
            Exec(t, "INSERT INTO trial_steps (study_id, number, step, value) VALUES (@id, @n, @step, @value) "
                + "ON CONFLICT (study_id, number, step) DO UPDATE SET value = excluded.value",
                ("id", id), ("n", number), ("step", step), ("value", value));
        }

        return held;
    });

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
        return _store.Transact(write: true, t =>
        {
            var id = Id(t, name);
            object? attempt;
            using (var held = Command(t, "SELECT attempts FROM trials WHERE study_id = @id AND number = @n AND state = 'Running' AND worker = @worker" + Dialect.LockRow,
                ("id", id), ("n", number), ("worker", worker)))
            {
                attempt = held.ExecuteScalar();
            }

            if (attempt is null or DBNull) return false;
            long? runId = run is null ? null : _store.Insert(t, run);
            Exec(t, "UPDATE trials SET state = @state, value = @value, error = @error, run_id = @run WHERE study_id = @id AND number = @n",
                ("id", id), ("n", number), ("state", state.ToString()), ("value", value is double v && double.IsFinite(v) ? v : null), ("error", error), ("run", runId));
            Exec(t, "UPDATE trial_attempts SET state = @state, ended_at = @at, error = @error WHERE study_id = @id AND number = @n AND attempt = @attempt",
                ("id", id), ("n", number), ("state", state.ToString()), ("at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)), ("error", error),
                ("attempt", Convert.ToInt32(attempt, CultureInfo.InvariantCulture)));
            return true;
        });
    }

    private bool Beat(DbTransaction t, long id, int number, string worker) =>
        Exec(t, "UPDATE trials SET heartbeat_ms = @beat WHERE study_id = @id AND number = @n AND state = 'Running' AND worker = @worker",
            ("id", id), ("n", number), ("beat", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), ("worker", worker)) == 1;

    private void HandBackStale(DbTransaction t, long id, DateTimeOffset now, TimeSpan timeout)
    {
        var limit = now.ToUnixTimeMilliseconds() - (long)timeout.TotalMilliseconds;
        var stale = new List<(int Number, string Worker, int Attempt)>();
        using (var command = Command(t, "SELECT number, worker, attempts FROM trials WHERE study_id = @id AND state = 'Running' AND heartbeat_ms < @limit" + Dialect.LockSkippingLocked,
            ("id", id), ("limit", limit)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) stale.Add((reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2)));
        }

        foreach (var (number, worker, attempt) in stale)
        {
            var reason = string.Create(CultureInfo.InvariantCulture, $"worker {worker} missed its heartbeats for {timeout.TotalSeconds:0.#} s");
            Exec(t, "UPDATE trials SET state = 'Waiting', worker = NULL, heartbeat_ms = NULL, error = @error WHERE study_id = @id AND number = @n",
                ("id", id), ("n", number), ("error", reason));
            Exec(t, "UPDATE trial_attempts SET state = 'Failed', ended_at = @at, error = @error WHERE study_id = @id AND number = @n AND attempt = @attempt",
                ("id", id), ("n", number), ("at", now.ToString("O", CultureInfo.InvariantCulture)), ("error", reason), ("attempt", attempt));
        }
    }

    private static List<StoredTrial> ReadTrials(DbTransaction t, long id)
    {
        var steps = new Dictionary<int, Dictionary<int, double>>();
        using (var command = Command(t, "SELECT number, step, value FROM trial_steps WHERE study_id = @id ORDER BY number, step", ("id", id)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var number = reader.GetInt32(0);
                (steps.TryGetValue(number, out var s) ? s : steps[number] = [])[reader.GetInt32(1)] = reader.GetDouble(2);
            }
        }

        var trials = new List<StoredTrial>();
        using (var command = Command(t, "SELECT number, state, params, value, worker, attempts, error, run_id FROM trials WHERE study_id = @id ORDER BY number", ("id", id)))
        using (var reader = command.ExecuteReader())
        {
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

    private static DbCommand Command(DbTransaction t, string sql, params (string Name, object? Value)[] parameters) =>
        RunStoreSchema.Command(t.Connection!, t, sql, parameters);

    private static int Exec(DbTransaction t, string sql, params (string Name, object? Value)[] parameters) =>
        RunStoreSchema.Execute(t.Connection!, t, sql, parameters);

    private long Id(DbTransaction t, string name) => Find(t, name)?.Id ?? throw new KeyNotFoundException($"{_store.Location}: no study named '{name}'");

    private static (long Id, StudyDefinition Study)? Find(DbTransaction t, string name)
    {
        using var command = Command(t, "SELECT id, name, model, base_spec, trials, sampler, pruner, folds, seed, heartbeat_timeout_s, batch FROM studies WHERE name = @name", ("name", name));
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return (reader.GetInt64(0), new StudyDefinition(
            reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5), reader.GetString(6),
            reader.GetInt32(7), reader.GetInt32(8), TimeSpan.FromSeconds(reader.GetDouble(9)), reader.GetInt32(10)));
    }

    private static List<string> Names(DbTransaction t)
    {
        using var command = Command(t, "SELECT name FROM studies ORDER BY name");
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }
}
