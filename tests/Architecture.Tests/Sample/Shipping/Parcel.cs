namespace ReferenceApp.Architecture.Tests.Sample.Shipping;

/// <summary>The other half: Shipping uses Billing only inside a method body, which a look at signatures alone would miss.</summary>
public sealed class Parcel
{
    public static object Bill() => new Billing.Invoice();
}
