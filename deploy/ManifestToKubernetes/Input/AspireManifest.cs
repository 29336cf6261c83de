namespace ReferenceApp.Deploy.Input;

/// <summary>The part of an Aspire manifest (publisher "manifest") the generator uses, already checked by <see cref="ManifestReader"/>.</summary>
public sealed record AspireManifest(IReadOnlyDictionary<string, ManifestResource> Resources);

public abstract record ManifestResource(string Name);

/// <summary>project.v0: a .NET project that becomes an image built from the shared Dockerfile.</summary>
public sealed record ProjectResource(
    string Name,
    string ProjectPath,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, ManifestBinding> Bindings,
    IReadOnlyList<string> Args) : ManifestResource(Name);

/// <summary>container.v0: a ready-made image (PostgreSQL, Redis).</summary>
public sealed record ContainerResource(
    string Name,
    string Image,
    string? Entrypoint,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, ManifestBinding> Bindings,
    IReadOnlyList<ManifestVolume> Volumes,
    string? ConnectionString) : ManifestResource(Name);

/// <summary>parameter.v0: a value supplied at deploy time; a secret one is never written anywhere by the generator.</summary>
public sealed record ParameterResource(string Name, bool Secret, string? DefaultValue) : ManifestResource(Name);

/// <summary>value.v0: a derived connection string (a database on a server).</summary>
public sealed record ValueResource(string Name, string ConnectionString) : ManifestResource(Name);

/// <summary>annotated.string: another value with a filter (for example "uri", URI-encoding a password).</summary>
public sealed record AnnotatedStringResource(string Name, string Value, string? Filter) : ManifestResource(Name);

public sealed record ManifestBinding(string Name, string Scheme, string Protocol, string Transport, int? TargetPort, bool External);

public sealed record ManifestVolume(string Name, string Target, bool ReadOnly);
