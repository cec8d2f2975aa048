using System.Data.Common;
using System.Globalization;

namespace VolNotebooks.Runs;

/// <summary>The run store's schema as ordered migrations, each applied once in its own transaction and recorded in
/// <c>schema_version</c>; one list per database, migration k of each making the same change in that database's DDL.</summary>
/// <remarks>A migration is never edited once released: a change to the schema is a new migration at the end of both
/// lists. A database whose version is newer than this build knows is refused rather than half understood. The two
/// lists differ only in types (SQLite's <c>INTEGER PRIMARY KEY AUTOINCREMENT</c> and <c>REAL</c> are PostgreSQL's
/// identity <c>BIGINT</c> and <c>DOUBLE PRECISION</c>; ids, millisecond stamps and byte counts are <c>BIGINT</c>) and
/// in text columns that are sorted, which PostgreSQL compares byte-wise (<c>COLLATE "C"</c>) as SQLite does; a test
/// checks that both build the same tables with the same columns.</remarks>
internal static class RunStoreSchema
{
    /// <summary>SQLite's migrations: migration k (1-based) brings the schema from version k - 1 to k.</summary>
    public static readonly IReadOnlyList<string> SqliteMigrations =
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

        // 3: a run's metrics keep the order they were recorded in, as a column rather than SQLite's rowid, which
        // PostgreSQL lacks.
        """
        ALTER TABLE run_metrics ADD COLUMN position INTEGER;
        UPDATE run_metrics SET position = rowid;
        """,

        // 4: a study's batch: trial n learns only from trials up to n - batch, so it draws and prunes alike however
        // many workers run it (0: from every trial finished at the time, as before).
        """
        ALTER TABLE studies ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;
        """,
    ];

    /// <summary>PostgreSQL's migrations, one for one with <see cref="SqliteMigrations"/>.</summary>
    public static readonly IReadOnlyList<string> PostgresMigrations =
    [
        // 1: runs with their metrics, per-epoch history and written files.
        """
        CREATE TABLE runs (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            kind TEXT NOT NULL,
            model TEXT NOT NULL,
            started_at TEXT COLLATE "C" NOT NULL,
            seconds DOUBLE PRECISION NOT NULL,
            spec TEXT,
            machine TEXT NOT NULL,
            library_version TEXT NOT NULL);
        CREATE INDEX runs_by_model ON runs (model, started_at);
        CREATE TABLE run_metrics (
            run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value DOUBLE PRECISION,
            PRIMARY KEY (run_id, name));
        CREATE TABLE run_epochs (
            run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            epoch INTEGER NOT NULL,
            train_loss DOUBLE PRECISION,
            validation_loss DOUBLE PRECISION,
            learning_rate DOUBLE PRECISION,
            seconds DOUBLE PRECISION,
            PRIMARY KEY (run_id, epoch));
        CREATE TABLE run_artifacts (
            run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            path TEXT COLLATE "C" NOT NULL,
            sha256 TEXT NOT NULL,
            bytes BIGINT NOT NULL,
            PRIMARY KEY (run_id, path));
        """,

        // 2: studies, their trials, steps and attempts; a run knows the study trial it ran.
        """
        ALTER TABLE runs ADD COLUMN study TEXT;
        ALTER TABLE runs ADD COLUMN trial INTEGER;
        CREATE TABLE studies (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            name TEXT COLLATE "C" NOT NULL UNIQUE,
            model TEXT NOT NULL,
            base_spec TEXT NOT NULL,
            trials INTEGER NOT NULL,
            sampler TEXT NOT NULL,
            pruner TEXT NOT NULL,
            folds INTEGER NOT NULL,
            seed INTEGER NOT NULL,
            heartbeat_timeout_s DOUBLE PRECISION NOT NULL,
            created_at TEXT NOT NULL);
        CREATE TABLE trials (
            study_id BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            state TEXT NOT NULL,
            params TEXT,
            value DOUBLE PRECISION,
            worker TEXT,
            heartbeat_ms BIGINT,
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            run_id BIGINT REFERENCES runs (id),
            PRIMARY KEY (study_id, number));
        CREATE TABLE trial_steps (
            study_id BIGINT NOT NULL,
            number INTEGER NOT NULL,
            step INTEGER NOT NULL,
            value DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (study_id, number, step));
        CREATE TABLE trial_attempts (
            study_id BIGINT NOT NULL,
            number INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            worker TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            state TEXT NOT NULL,
            error TEXT,
            PRIMARY KEY (study_id, number, attempt));
        """,

        // 3: a run's metrics keep the order they were recorded in.
        """
        ALTER TABLE run_metrics ADD COLUMN position INTEGER;
        """,

        // 4: a study's batch.
        """
        ALTER TABLE studies ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;
        """,
    ];

    /// <summary>The version a fully migrated store has.</summary>
    public static int Latest => SqliteMigrations.Count;

    /// <summary>Applies the migrations the store lacks, up to <paramref name="target"/>, and returns the version it then has.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="dialect">The store's database.</param>
    /// <param name="target">The version to reach (tests build older stores with it).</param>
    /// <exception cref="InvalidOperationException">The store is newer than this build.</exception>
    public static int Migrate(DbConnection connection, StoreDialect dialect, int target)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(target, dialect.Migrations.Count);
        while (true)
        {
            // The version is read inside the write transaction, after the migration lock where the database needs one: a
            // second process migrating at the same moment waits for the first and then finds nothing left to do.
            using var transaction = dialect.BeginWrite(connection);
            if (dialect.MigrationLock is { } migrationLock) Execute(connection, transaction, migrationLock);
            Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            var version = Version(connection, transaction);
            if (version > dialect.Migrations.Count)
                throw new InvalidOperationException($"{dialect.Location}: run store schema version {version} is newer than this volnb knows ({dialect.Migrations.Count}); use a newer volnb");
            if (version >= target)
            {
                transaction.Commit();
                return version;
            }

            Execute(connection, transaction, dialect.Migrations[version]);
            Execute(connection, transaction, "INSERT INTO schema_version (version, applied_at) VALUES (@v, @at)",
                ("v", version + 1), ("at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
            transaction.Commit();
        }
    }

    /// <summary>The store's schema version (0 when empty).</summary>
    public static int Version(DbConnection connection, DbTransaction? transaction)
    {
        using var command = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>A command on <paramref name="connection"/> in <paramref name="transaction"/> with named parameters
    /// (written <c>@name</c> in <paramref name="sql"/>, which both databases read).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">The transaction it runs in, or <see langword="null"/>.</param>
    /// <param name="sql">The statement(s).</param>
    /// <param name="parameters">Each parameter's name without the <c>@</c>, and its value (<see langword="null"/> for SQL NULL).</param>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements) for its effect and returns the rows it changed.</summary>
    public static int Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }
}
