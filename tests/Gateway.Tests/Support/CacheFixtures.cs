// The shared cache fixtures of tests/TestInfrastructure, one server each for this assembly.
global using ReferenceApp.Testing;

[assembly: AssemblyFixture(typeof(RedisFixture))]
[assembly: AssemblyFixture(typeof(GarnetFixture))]
