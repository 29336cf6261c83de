using ReferenceApp.Cards;
using ReferenceApp.Payments.Domain;

namespace ReferenceApp.Payments.Tests;

public sealed class CardRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("4242424242424242")]
    [InlineData("4242 4242 4242 4242")]
    [InlineData("4000-0000-0000-0002")]
    [InlineData("5555555555554444")]
    public void Valid_numbers_pass(string number) => Assert.Null(CardRules.CheckNumber(number, out _));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("4242424242424241")]
    [InlineData("42424242")]
    [InlineData("4242x24242424242")]
    [InlineData("42424242424242424242424")]
    public void Invalid_numbers_fail(string? number) => Assert.NotNull(CardRules.CheckNumber(number, out _));

    [Theory]
    [InlineData("11/26", true)]
    [InlineData("12/30", true)]
    [InlineData("10/26", false)]
    [InlineData("13/27", false)]
    [InlineData("00/27", false)]
    [InlineData("1/27", false)]
    [InlineData("12-27", false)]
    [InlineData(null, false)]
    public void Expiry_is_MM_YY_and_not_past(string? expiry, bool valid) => Assert.Equal(valid, CardRules.CheckExpiry(expiry, Now) is null);

    /// <summary>The expiry every real-clock test uses is valid on any day they might run, not only until a fixed date.</summary>
    [Theory]
    [InlineData("2026-11-26")]
    [InlineData("2030-12-31")]
    [InlineData("2031-01-01")]
    [InlineData("2045-06-15")]
    [InlineData("2096-12-31")]
    public void The_test_cards_expiry_is_valid_whenever_the_tests_run(string today)
    {
        var now = DateTimeOffset.Parse(today, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Null(CardRules.CheckExpiry(TestCards.ExpiryAfter(now), now));
    }

    [Fact]
    public void The_test_cards_expiry_is_valid_today() => Assert.Null(CardRules.CheckExpiry(TestCards.FutureExpiry, DateTimeOffset.UtcNow));

    [Theory]
    [InlineData("123", true)]
    [InlineData("1234", true)]
    [InlineData("12", false)]
    [InlineData("12a", false)]
    [InlineData(null, false)]
    public void Cvc_is_three_or_four_digits(string? cvc, bool valid) => Assert.Equal(valid, CardRules.CheckCvc(cvc) is null);
}
