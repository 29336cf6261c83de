namespace ReferenceApp.Architecture.Tests.Sample.Billing;

/// <summary>Half of a deliberate folder cycle for FolderCycleTests: Billing uses Shipping only through a property's type.</summary>
public sealed class Invoice
{
    public Shipping.Parcel? Parcel { get; init; }
}
