using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ReferenceApp.Identity.Storage;

/// <summary>For `dotnet ef migrations add` only: the model without a running host or a reachable database.</summary>
internal sealed class DesignTimeIdentityDb : IDesignTimeDbContextFactory<IdentityDb>
{
    public IdentityDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<IdentityDb>()
            .UseNpgsql("Host=localhost;Database=identitydb")
            .UseOpenIddict()
            .Options);
}
