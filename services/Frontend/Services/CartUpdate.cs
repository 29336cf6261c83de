namespace ReferenceApp.Frontend.Services;

/// <summary>What the cart form posts: every line's quantity, and the product whose Remove button was pressed.</summary>
public sealed class CartUpdate
{
    public string? Remove { get; set; }

    public List<CartUpdateLine> Lines { get; set; } = [];

    /// <summary>
    /// The changes to make: a removal, or the quantities a person typed. Text that is not a whole number leaves the line
    /// as it was (rather than removing it); 0 removes; above the maximum is capped.
    /// </summary>
    public IReadOnlyList<(string ProductId, int Quantity)> Changes(Cart current)
    {
        if (!string.IsNullOrEmpty(Remove))
        {
            return [(Remove, 0)];
        }

        var changes = new List<(string, int)>();
        foreach (var line in Lines)
        {
            var existing = current.Lines.FirstOrDefault(candidate => candidate.ProductId == line.ProductId);
            if (existing is null || !int.TryParse(line.Quantity?.Trim(), System.Globalization.NumberStyles.Integer,
                    System.Globalization.CultureInfo.InvariantCulture, out var quantity))
            {
                continue;
            }

            quantity = Cart.ClampQuantity(quantity);
            if (quantity != existing.Quantity)
            {
                changes.Add((existing.ProductId, quantity));
            }
        }

        return changes;
    }
}

public sealed class CartUpdateLine
{
    public string? ProductId { get; set; }

    public string? Quantity { get; set; }
}
