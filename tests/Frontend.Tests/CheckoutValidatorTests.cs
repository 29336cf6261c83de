using ReferenceApp.Frontend.Services;

namespace ReferenceApp.Frontend.Tests;

public sealed class CheckoutValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    private static CheckoutForm Valid() => new() { CardNumber = "4242 4242 4242 4242", Expiry = "12/30", Cvc = "123" };

    [Fact]
    public void A_valid_card_has_no_errors() =>
        Assert.Empty(CheckoutValidator.Validate(Valid(), Now));

    [Fact]
    public void An_empty_form_asks_for_every_field()
    {
        var errors = CheckoutValidator.Validate(new CheckoutForm(), Now);

        Assert.Equal("Enter the card number.", errors[nameof(CheckoutForm.CardNumber)]);
        Assert.Equal("Enter the expiry date as MM/YY, for example 12/30.", errors[nameof(CheckoutForm.Expiry)]);
        Assert.Equal("Enter the security code (CVC): the 3 or 4 digits on the card.", errors[nameof(CheckoutForm.Cvc)]);
    }

    [Theory]
    [InlineData("4242 4242 4242 4242", null)]
    [InlineData("4242-4242-4242-4242", null)]
    [InlineData("4000000000000002", null)]
    [InlineData("5555 5555 5555 4444", null)]
    [InlineData("4242 4242 4242 4241", "This card number is not valid. Please check it for a typo.")]
    [InlineData("4242 4242", "A card number has 12 to 19 digits; this one has 8.")]
    [InlineData("4242 abcd 4242 4242", "A card number has only digits (spaces and dashes are fine).")]
    [InlineData("   ", "Enter the card number.")]
    public void Card_numbers(string number, string? expected) =>
        Assert.Equal(expected, CheckoutValidator.CardNumberError(number));

    [Theory]
    [InlineData("12/30", null)]
    [InlineData("11/26", null)] // valid until the end of its month
    [InlineData("10/26", "This card expired at the end of 10/26. Please use a card that is still valid.")]
    [InlineData("13/30", "The month of the expiry date must be between 01 and 12.")]
    [InlineData("00/30", "The month of the expiry date must be between 01 and 12.")]
    [InlineData("1230", "Write the expiry date as MM/YY, for example 12/30.")]
    [InlineData("12/2030", "Write the expiry date as MM/YY, for example 12/30.")]
    [InlineData("ab/cd", "Write the expiry date as MM/YY, for example 12/30.")]
    [InlineData(" 12/30 ", null)]
    public void Expiry_dates(string expiry, string? expected) =>
        Assert.Equal(expected, CheckoutValidator.ExpiryError(expiry, Now));

    [Theory]
    [InlineData("123", null)]
    [InlineData("1234", null)]
    [InlineData("12", "The security code (CVC) is 3 or 4 digits.")]
    [InlineData("12a", "The security code (CVC) is 3 or 4 digits.")]
    [InlineData("12345", "The security code (CVC) is 3 or 4 digits.")]
    public void Security_codes(string cvc, string? expected) =>
        Assert.Equal(expected, CheckoutValidator.CvcError(cvc));

    [Theory]
    [InlineData("card.number", nameof(CheckoutForm.CardNumber))]
    [InlineData("card.expiry", nameof(CheckoutForm.Expiry))]
    [InlineData("card.cvc", nameof(CheckoutForm.Cvc))]
    [InlineData("items[0].productId", null)]
    [InlineData("Idempotency-Key", null)]
    public void Orders_api_field_errors_land_on_our_fields(string apiField, string? field) =>
        Assert.Equal(field, CheckoutValidator.FieldFor(apiField));

    [Fact]
    public void The_card_is_sent_as_digits_only() =>
        Assert.Equal(new CardDetails("4242424242424242", "12/30", "123"),
            new CheckoutForm { CardNumber = "4242 4242-4242 4242", Expiry = " 12/30", Cvc = "123 " }.ToCard());

    [Fact]
    public void Idempotency_keys_are_new_each_time_and_acceptable_to_the_orders_api()
    {
        var first = CheckoutForm.NewIdempotencyKey();

        Assert.NotEqual(first, CheckoutForm.NewIdempotencyKey());
        Assert.True(CheckoutForm.IsValidIdempotencyKey(first));
        Assert.False(CheckoutForm.IsValidIdempotencyKey(""));
        Assert.False(CheckoutForm.IsValidIdempotencyKey("has space"));
        Assert.False(CheckoutForm.IsValidIdempotencyKey(new string('k', 101)));
    }
}
