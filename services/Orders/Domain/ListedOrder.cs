namespace ReferenceApp.Orders.Domain;

/// <summary>An order as a customer's list shows it: no lines, only how many.</summary>
public sealed record ListedOrder(Guid Id, OrderStatus Status, decimal Total, string Currency, int LineCount, DateTimeOffset CreatedAt);
