using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace VolNotebooks.Runs;

/// <summary>A run store in a PostgreSQL database that workers on any number of machines share: writes run at READ
/// COMMITTED, and a worker claiming a trial locks the rows it takes with <c>FOR UPDATE SKIP LOCKED</c>, so concurrent
/// claimers take distinct trials without waiting for each other.</summary>
/// <remarks>
/// The storage string is a URL <c>postgresql://user[:password]@host[:port]/database[?key=value&amp;...]</c>, each query
/// pair an Npgsql connection-string keyword (<c>sslmode=require</c>). A password is better kept out of the URL, in
/// <c>PGPASSWORD</c> or <c>~/.pgpass</c>, which Npgsql reads. One store is one connection (no pooling), so a lost
/// connection is replaced by a fresh one.
/// </remarks>
internal sealed class PostgresDialect : StoreDialect
{
    /// <summary>The lock key (any constant unique to volnb) that serializes migrations across processes.</summary>
    private const long MigrationLockKey = 0x766F6C6E62; // "volnb"

    private readonly string _connectionString;

    /// <summary>Parses the URL <paramref name="url"/>.</summary>
    /// <param name="url">A <c>postgresql://</c> URL.</param>
    /// <exception cref="ArgumentException">It names no host or database, or a query pair is no Npgsql keyword.</exception>
    public PostgresDialect(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw new ArgumentException($"storage '{url}': expected postgresql://user@host[:port]/database");
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0) throw new ArgumentException($"storage '{url}': the URL names no database (postgresql://user@host[:port]/database)");
        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.DnsSafeHost,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
            ApplicationName = "volnb",
            Pooling = false,
            Timeout = 15,
        };
        if (userInfo[0].Length > 0) builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length == 2) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        Location = string.Create(CultureInfo.InvariantCulture,
            $"postgresql://{(builder.Username is { Length: > 0 } user ? Uri.EscapeDataString(user) + "@" : "")}{uri.Host}:{builder.Port}/{database}");
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (Uri.UnescapeDataString(k), Uri.UnescapeDataString(v)) : (Uri.UnescapeDataString(pair), "");
            try
            {
                builder[key] = value;
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"storage '{Location}': connection parameter '{key}={value}': {e.Message}", e);
            }
        }

        _connectionString = builder.ConnectionString;
    }

    /// <inheritdoc />
    public override string Location { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Migrations => RunStoreSchema.PostgresMigrations;

    /// <inheritdoc />
    public override string? MigrationLock => string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({MigrationLockKey})");

    /// <inheritdoc />
    public override string LockSkippingLocked => " FOR UPDATE SKIP LOCKED";

    /// <inheritdoc />
    public override string LockRow => " FOR UPDATE";

    /// <summary>Whether <paramref name="storage"/> is a PostgreSQL URL rather than a file path.</summary>
    /// <param name="storage">A storage string.</param>
    public static bool IsUrl(string storage) =>
        storage.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || storage.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override DbConnection Open()
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override DbTransaction BeginRead(DbConnection connection) => ((NpgsqlConnection)connection).BeginTransaction(IsolationLevel.RepeatableRead);

    /// <inheritdoc />
    public override DbTransaction BeginWrite(DbConnection connection) => ((NpgsqlConnection)connection).BeginTransaction(IsolationLevel.ReadCommitted);

    /// <inheritdoc />
    /// <remarks>Transient: the server went away or ended this session (class 08, <c>57P01</c>-<c>57P03</c>: an
    /// administrator's <c>pg_terminate_backend</c>, a shutdown, a restart), the transaction lost a race
    /// (<c>40001</c>, <c>40P01</c>), or the socket failed or timed out - what Npgsql itself calls transient.</remarks>
    public override bool IsTransient(Exception error) => error switch
    {
        PostgresException p => p.IsTransient || p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03" or "40001" or "40P01",
        NpgsqlException n => n.IsTransient || n.InnerException is IOException or SocketException or TimeoutException,
        _ => false,
    };
}
