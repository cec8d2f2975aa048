using System.Data.Common;

namespace VolNotebooks.Runs;

/// <summary>What differs between the databases a run store can live in (SQLite, PostgreSQL): how to connect, the
/// schema's DDL, how transactions begin and lock rows, and which errors are worth a retry. Everything else - every
/// query the store and the studies run - is one SQL text shared by both.</summary>
internal abstract class StoreDialect
{
    /// <summary>What error messages and logs name the store by: a file path, or a <c>postgresql://</c> URL without its password.</summary>
    public abstract string Location { get; }

    /// <summary>The schema as ordered migrations in this database's DDL; migration k of every dialect makes the same change.</summary>
    public abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>A statement run first in each migration transaction so that two processes never migrate at once, or
    /// <see langword="null"/> where the write transaction itself excludes other writers.</summary>
    public abstract string? MigrationLock { get; }

    /// <summary>Appended to a <c>SELECT</c> of rows a transaction is about to change, so that concurrent claimers never
    /// take the same row and never wait for each other; empty where a write transaction already excludes other writers.</summary>
    public abstract string LockSkippingLocked { get; }

    /// <summary>Appended to a <c>SELECT</c> of a row a transaction is about to change, so that no other transaction
    /// changes it in between (waiting for one that holds it); empty where a write transaction already excludes other writers.</summary>
    public abstract string LockRow { get; }

    /// <summary>The storage string for <paramref name="storage"/>: a <c>postgresql://</c> (or <c>postgres://</c>) URL, else a SQLite file path.</summary>
    /// <param name="storage">A URL or a file path.</param>
    public static StoreDialect For(string storage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storage);
        return PostgresDialect.IsUrl(storage) ? new PostgresDialect(storage) : new SqliteDialect(storage);
    }

    /// <summary>Opens a new connection configured for the store.</summary>
    public abstract DbConnection Open();

    /// <summary>Begins a transaction that only reads and sees one consistent state of the store.</summary>
    /// <param name="connection">An open connection.</param>
    public abstract DbTransaction BeginRead(DbConnection connection);

    /// <summary>Begins a transaction that writes.</summary>
    /// <param name="connection">An open connection.</param>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Whether <paramref name="error"/> means the connection was lost or the transaction lost a race, so that the
    /// same work on a fresh connection may succeed.</summary>
    /// <param name="error">An exception thrown while talking to the store.</param>
    public abstract bool IsTransient(Exception error);
}
