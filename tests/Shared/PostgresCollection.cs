namespace VolNotebooks.Testing;

/// <summary>The tests that share one <see cref="PostgresServer"/> per test run (each on its own database).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>The collection's name, for <c>[Collection(PostgresCollection.Name)]</c>.</summary>
    public const string Name = "postgres";
}
