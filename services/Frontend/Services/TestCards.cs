namespace ReferenceApp.Frontend.Services;

/// <summary>The payment simulator's cards (docs/api.md of the orders service), listed on the checkout page.</summary>
public static class TestCards
{
    public sealed record TestCard(string Number, string Outcome);

    public static IReadOnlyList<TestCard> All { get; } =
    [
        new("4242 4242 4242 4242", "Approved (Visa)"),
        new("5555 5555 5555 4444", "Approved (Mastercard)"),
        new("4000 0000 0000 0002", "Declined: card declined"),
        new("4000 0000 0000 0069", "Declined: insufficient funds"),
        new("4242 4242 4242 4241", "Rejected: not a valid card number"),
    ];

    /// <summary>Words for the orders service's failureReason.</summary>
    public static string DescribeFailure(string? failureReason) => failureReason switch
    {
        "card_declined" => "Your card was declined. No money was taken. Please try another card.",
        "insufficient_funds" => "Your card was declined for insufficient funds. No money was taken. Please try another card.",
        "payment_rejected" => "The payment was rejected. No money was taken. Please try another card.",
        "payments_unavailable" => "The payment service was unavailable, so the payment could not be made. No money was taken. Please try again later.",
        _ => "The payment did not go through. No money was taken.",
    };
}
