using Microsoft.OpenApi;
using ReferenceApp.Gateway.Operators;

namespace ReferenceApp.Gateway.Apis;

/// <summary>
/// The admin API's document (/openapi/admin.json): an operator's bearer token, or the break-glass X-Admin-Key
/// (docs/gateway-admin-api.md, "Authentication"), on every operation.
/// </summary>
public static class AdminOpenApi
{
    public const string DocumentName = "admin";
    public const string AdminKeyScheme = "AdminKey";

    public static IHostApplicationBuilder AddAdminOpenApi(this IHostApplicationBuilder builder) =>
        builder.AddDefaultOpenApi("ReferenceApp gateway admin API", DocumentName, options =>
        {
            // Only the admin API: the proxied public routes have their own document (PublicApiDocument).
            options.ShouldInclude = description => description.RelativePath?.StartsWith("admin/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.AddComponent<IOpenApiSecurityScheme>(AdminKeyScheme, new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = AdminCredential.HeaderName,
                    Description = "Break-glass key for automation (Gateway:AdminKeyBreakGlass); operators use a bearer token.",
                });
                document.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiExtensions.BearerScheme, document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AdminKeyScheme, document)] = [] },
                ];
                return Task.CompletedTask;
            });
        });
}
