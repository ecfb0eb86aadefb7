namespace Charger.Tests.TestKit;

/// <summary>Test classes that need PostgreSQL: they share one temporary server and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "PostgreSQL";
}
