using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The published contract of an API (issue 15 item 7): its OpenAPI document at /openapi/{document}.json in every
/// environment (clients and the docs test read it), the security schemes it accepts, and a browsable UI (Scalar, /scalar)
/// in development only.
/// </summary>
public static class OpenApiExtensions
{
    public const string DefaultDocument = "v1";
    public const string DocumentPattern = "/openapi/{documentName}.json";

    /// <summary>Bearer access tokens (JWT) from the identity service: docs/api.md, "Authentication".</summary>
    public const string BearerScheme = "Bearer";

    public static TBuilder AddDefaultOpenApi<TBuilder>(this TBuilder builder, string title, string documentName = DefaultDocument,
        Action<OpenApiOptions>? configure = null) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi(documentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = title, Version = DefaultDocument };
                // The document describes the service wherever it is reached (directly or through the gateway).
                document.Servers = [];
                document.AddComponent<IOpenApiSecurityScheme>(BearerScheme, new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token from the identity service (audience referenceapp-api).",
                });
                return Task.CompletedTask;
            });
            // An operation asks for a token exactly when its endpoint requires authorization, so the document follows the code.
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
                }

                return Task.CompletedTask;
            });
            configure?.Invoke(options);
        });
        return builder;
    }

    /// <summary>Maps the documents in every environment and, in development, the Scalar UI at /scalar.</summary>
    public static WebApplication MapDefaultOpenApi(this WebApplication app, params string[] documentNames)
    {
        app.MapOpenApi(DocumentPattern);
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference(options =>
            {
                options.WithOpenApiRoutePattern(DocumentPattern);
                foreach (var name in documentNames.Length == 0 ? [DefaultDocument] : documentNames)
                {
                    options.AddDocument(name);
                }
            });
        }

        return app;
    }
}
