using Microsoft.Data.Sqlite;

namespace VolNotebooks.Runs;

/// <summary>The run store's schema as ordered migrations, each applied once in its own transaction and recorded in
/// <c>schema_version</c>.</summary>
/// <remarks>A migration is never edited once released: a change to the schema is a new migration at the end. A
/// database whose version is newer than this build knows is refused rather than half understood.</remarks>
internal static class RunStoreSchema
{
    /// <summary>Migration k (1-based) brings the schema from version k - 1 to k.</summary>
    public static readonly IReadOnlyList<string> Migrations =
    [
        // 1: runs with their metrics, per-epoch history and written files.
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            model TEXT NOT NULL,
            started_at TEXT NOT NULL,
            seconds REAL NOT NULL,
            spec TEXT,
            machine TEXT NOT NULL,
            library_version TEXT NOT NULL);
        CREATE INDEX runs_by_model ON runs (model, started_at);
        CREATE TABLE run_metrics (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value REAL,
            PRIMARY KEY (run_id, name));
        CREATE TABLE run_epochs (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            epoch INTEGER NOT NULL,
            train_loss REAL,
            validation_loss REAL,
            learning_rate REAL,
            seconds REAL,
            PRIMARY KEY (run_id, epoch));
        CREATE TABLE run_artifacts (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            PRIMARY KEY (run_id, path));
        """,

        // 2: studies, their trials (claimed by workers that keep a heartbeat), each trial's reported steps and attempts;
        // a run knows the study trial it ran.
        """
        ALTER TABLE runs ADD COLUMN study TEXT;
        ALTER TABLE runs ADD COLUMN trial INTEGER;
        CREATE TABLE studies (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            model TEXT NOT NULL,
            base_spec TEXT NOT NULL,
            trials INTEGER NOT NULL,
            sampler TEXT NOT NULL,
            pruner TEXT NOT NULL,
            folds INTEGER NOT NULL,
            seed INTEGER NOT NULL,
            heartbeat_timeout_s REAL NOT NULL,
            created_at TEXT NOT NULL);
        CREATE TABLE trials (
            study_id INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            state TEXT NOT NULL,
            params TEXT,
            value REAL,
            worker TEXT,
            heartbeat_ms INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            run_id INTEGER REFERENCES runs (id),
            PRIMARY KEY (study_id, number));
        CREATE TABLE trial_steps (
            study_id INTEGER NOT NULL,
            number INTEGER NOT NULL,
            step INTEGER NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY (study_id, number, step));
        CREATE TABLE trial_attempts (
            study_id INTEGER NOT NULL,
            number INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            worker TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            state TEXT NOT NULL,
            error TEXT,
            PRIMARY KEY (study_id, number, attempt));
        """,
    ];

    /// <summary>The version a fully migrated store has.</summary>
    public static int Latest => Migrations.Count;

    /// <summary>Applies the migrations the store lacks, up to <paramref name="target"/>, and returns the version it then has.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="target">The version to reach (tests build older stores with it).</param>
    /// <exception cref="InvalidOperationException">The store is newer than this build.</exception>
    public static int Migrate(SqliteConnection connection, int target)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(target, Latest);
        Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
        while (true)
        {
            // The version is read inside the write transaction: a second process migrating at the same moment waits for
            // the first and then finds nothing left to do.
            using var transaction = connection.BeginTransaction();
            var version = Version(connection, transaction);
            if (version > Latest)
                throw new InvalidOperationException($"{connection.DataSource}: run store schema version {version} is newer than this volnb knows ({Latest}); use a newer volnb");
            if (version >= target) return version;
            Execute(connection, transaction, Migrations[version]);
            using var insert = Command(connection, transaction, "INSERT INTO schema_version (version, applied_at) VALUES ($v, $at)");
            insert.Parameters.AddWithValue("$v", version + 1);
            insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
            insert.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>The store's schema version (0 when empty).</summary>
    public static int Version(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A command on <paramref name="connection"/> in <paramref name="transaction"/>.</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements) for its effect.</summary>
    public static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }
}
