using VolNotebooks.Runs;

namespace VolNotebooks.Tests.Runs;

public sealed class PostgresDialectTests
{
    [Fact]
    public void A_postgresql_url_names_host_port_user_and_database_and_its_location_hides_the_password()
    {
        var dialect = StoreDialect.For("postgresql://alice:s%40cret@db.example.org:6543/research?sslmode=require");
        Assert.IsType<PostgresDialect>(dialect);
        Assert.Equal("postgresql://alice@db.example.org:6543/research", dialect.Location);
        Assert.Equal("postgresql://bob@10.0.0.5:5432/runs", StoreDialect.For("postgres://bob@10.0.0.5/runs").Location);
        Assert.IsType<SqliteDialect>(StoreDialect.For("results/runs.db"));
        Assert.True(RunStore.IsDatabaseUrl("POSTGRESQL://h/d"));
        Assert.False(RunStore.IsDatabaseUrl("/data/postgresql/runs.db"));
    }

    [Fact]
    public void A_url_without_a_database_or_with_an_unknown_parameter_is_refused_with_the_url_named()
    {
        Assert.Contains("names no database", Assert.Throws<ArgumentException>(() => StoreDialect.For("postgresql://alice@db.example.org")).Message);
        var e = Assert.Throws<ArgumentException>(() => StoreDialect.For("postgresql://alice@db.example.org/research?colour=blue"));
        Assert.Contains("storage 'postgresql://alice@db.example.org:5432/research': connection parameter 'colour=blue'", e.Message);
    }

    [Fact]
    public void Retry_delays_double_from_the_first_up_to_the_cap()
    {
        var policy = new StoreRetryPolicy(6, TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(1.5));
        Assert.Equal([0.25, 0.5, 1.0, 1.5, 1.5, 1.5], Enumerable.Range(0, 6).Select(k => policy.Delay(k).TotalSeconds));
    }
}
