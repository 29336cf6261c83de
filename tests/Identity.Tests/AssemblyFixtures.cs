// One real PostgreSQL server shared by every test class of this assembly.
[assembly: AssemblyFixture(typeof(ReferenceApp.Testing.PostgresFixture))]
