// One real PostgreSQL server for the tests of what the AppHost does to databases (DatabaseOwnershipTests).
[assembly: AssemblyFixture(typeof(ReferenceApp.Testing.PostgresFixture))]
