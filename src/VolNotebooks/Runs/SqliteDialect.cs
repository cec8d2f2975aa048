using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace VolNotebooks.Runs;

/// <summary>A run store in one SQLite file, in WAL mode: a write transaction is <c>BEGIN IMMEDIATE</c>, which takes the
/// file's one write lock, so writers are serialized by SQLite itself and no row lock is needed.</summary>
/// <param name="path">The file (created with its folder when missing).</param>
internal sealed class SqliteDialect(string path) : StoreDialect
{
    /// <inheritdoc />
    public override string Location { get; } = Path.GetFullPath(path);

    /// <inheritdoc />
    public override IReadOnlyList<string> Migrations => RunStoreSchema.SqliteMigrations;

    /// <inheritdoc />
    public override string? MigrationLock => null;

    /// <inheritdoc />
    public override string LockSkippingLocked => "";

    /// <inheritdoc />
    public override string LockRow => "";

    /// <inheritdoc />
    public override DbConnection Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Location)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Location,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)RunStore.BusyTimeout.TotalSeconds,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            // WAL lets readers and one writer proceed together; the busy timeout makes a second writer wait its turn
            // instead of failing; synchronous=FULL makes a committed run survive a power loss, not only a crash.
            RunStoreSchema.Execute(connection, null,
                $"PRAGMA busy_timeout = {(int)RunStore.BusyTimeout.TotalMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override DbTransaction BeginRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    /// <inheritdoc />
    public override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    /// <inheritdoc />
    /// <remarks>A local file has no connection to lose, and the busy timeout already waits out other writers.</remarks>
    public override bool IsTransient(Exception error) => false;
}
