using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ReferenceApp.Identity.Storage;

/// <summary>
/// identitydb: ASP.NET Core Identity's accounts and roles, OpenIddict's clients, scopes, authorizations and tokens
/// (registered by UseOpenIddict), and the data-protection keys that protect sign-in cookies and anti-forgery tokens,
/// so they survive restarts and are shared by replicas.
/// </summary>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options)
    : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}
