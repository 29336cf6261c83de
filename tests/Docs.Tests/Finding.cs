namespace ReferenceApp.Docs.Tests;

/// <summary>Something a document names that the code does not have.</summary>
public sealed record Finding(string Document, string Named, string Problem)
{
    public override string ToString() => $"{Document}: `{Named}` {Problem}";
}
