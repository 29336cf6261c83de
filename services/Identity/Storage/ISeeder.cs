namespace ReferenceApp.Identity.Storage;

/// <summary>Run by <see cref="IdentityDatabaseStartup"/> after the migrations, under its lock. Brings one kind of seed data to its configured state; runs at every start, so it must be idempotent.</summary>
internal interface ISeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}
