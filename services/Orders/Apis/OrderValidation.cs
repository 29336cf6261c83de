using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using ReferenceApp.Cards;
using System.Text;
using ReferenceApp.Orders.Ordering;

namespace ReferenceApp.Orders.Apis;

/// <summary>Explicit checks of a new order; every error is keyed by the JSON path of the field it is about.</summary>
public static class OrderValidation
{
    public const string IdempotencyKeyField = PlaceOrderCommand.IdempotencyKeyField;
    public const int MaxCustomerIdLength = 64;
    public const int MaxLines = 20;
    public const int MaxProductIdLength = 64;
    public const int MaxQuantity = 100;

    public static Dictionary<string, string[]> Check(PlaceOrderRequest request, string? idempotencyKey, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        Add(errors, IdempotencyKeyField, CheckIdempotencyKey(idempotencyKey));
        Add(errors, "customerId", request.CustomerId switch
        {
            null or "" => "The customer id is required.",
            { Length: > MaxCustomerIdLength } => $"The customer id may have at most {MaxCustomerIdLength} characters.",
            { } id when id.Any(char.IsControl) || string.IsNullOrWhiteSpace(id) => "The customer id contains invalid characters.",
            _ => null,
        });
        CheckItems(request.Items, errors);
        if (request.Card is not { } card)
        {
            Add(errors, "card", "The card is required.");
        }
        else
        {
            Add(errors, "card.number", CardRules.CheckNumber(card.Number, out _));
            Add(errors, "card.expiry", CardRules.CheckExpiry(card.Expiry, now));
            Add(errors, "card.cvc", CardRules.CheckCvc(card.Cvc));
        }

        return errors;
    }

    public static string? CheckIdempotencyKey(string? key) =>
        key is { Length: > 0 and <= 100 } && key.All(c => c is >= '!' and <= '~')
            ? null
            : "The Idempotency-Key header is required: 1 to 100 printable ASCII characters.";

    /// <summary>Marks a fingerprint of the canonical JSON form; stored fingerprints without it are <see cref="LegacyHashOf"/>.</summary>
    public const string FingerprintPrefix = "json-sha256:";

    /// <summary>
    /// What makes two requests "the same" for an Idempotency-Key: the SHA-256 of a canonical JSON form of the normalised
    /// request, <c>["customerId", [["productId", quantity], ...], "last4", "expiry"]</c>. JSON escapes every string, so no
    /// product id or customer id can spell another field or line. The full card number and CVC are deliberately left out:
    /// even a hash of them must not rest in the orders database.
    /// </summary>
    public static string HashOf(PlaceOrderRequest request)
    {
        CardRules.CheckNumber(request.Card?.Number, out var digits);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(request.CustomerId);
            json.WriteStartArray();
            foreach (var item in request.Items ?? [])
            {
                json.WriteStartArray();
                json.WriteStringValue(item?.ProductId);
                if (item?.Quantity is { } quantity)
                {
                    json.WriteNumberValue(quantity);
                }
                else
                {
                    json.WriteNullValue();
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStringValue(digits.Length >= 4 ? digits[^4..] : "");
            json.WriteStringValue(request.Card?.Expiry);
            json.WriteEndArray();
        }

        return FingerprintPrefix + Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>Both fingerprints of <paramref name="request"/>: the one stored now, and the one keys stored before it carry.</summary>
    public static RequestFingerprint FingerprintOf(PlaceOrderRequest request) => new(HashOf(request), LegacyHashOf(request));

    /// <summary>
    /// Whether <paramref name="request"/> is the request whose fingerprint was stored. Keys stored before the canonical form
    /// carry the old fingerprint; their identical retries must still replay, so those are compared the old way.
    /// </summary>
    public static bool SameRequest(string storedFingerprint, PlaceOrderRequest request) => FingerprintOf(request).Matches(storedFingerprint);

    /// <summary>The fingerprint stored before the canonical form (ambiguous: fields joined without escaping). Only compared, never stored.</summary>
    public static string LegacyHashOf(PlaceOrderRequest request)
    {
        CardRules.CheckNumber(request.Card?.Number, out var digits);
        var canonical = new StringBuilder()
            .Append(request.CustomerId).Append('\n')
            .AppendJoin(';', (request.Items ?? []).Select(i => $"{i?.ProductId}:{i?.Quantity}")).Append('\n')
            .Append(digits.Length >= 4 ? digits[^4..] : "").Append('\n')
            .Append(request.Card?.Expiry);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    private static void CheckItems(IReadOnlyList<OrderItemRequest?>? items, Dictionary<string, string[]> errors)
    {
        if (items is null || items.Count == 0)
        {
            Add(errors, "items", "At least one item is required.");
            return;
        }

        if (items.Count > MaxLines)
        {
            Add(errors, "items", $"An order may have at most {MaxLines} lines.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } item)
            {
                Add(errors, $"items[{i}]", "The item is required.");
                continue;
            }

            Add(errors, $"items[{i}].productId", item.ProductId switch
            {
                null or "" => "The product id is required.",
                { Length: > MaxProductIdLength } => $"The product id may have at most {MaxProductIdLength} characters.",
                { } id when !seen.Add(id) => "This product is already in the order; change the quantity instead.",
                _ => null,
            });
            Add(errors, $"items[{i}].quantity", item.Quantity switch
            {
                null => "The quantity is required.",
                < 1 or > MaxQuantity => $"The quantity must be between 1 and {MaxQuantity}.",
                _ => null,
            });
        }
    }

    private static void Add(Dictionary<string, string[]> errors, string field, string? error)
    {
        if (error is not null)
        {
            errors[field] = [error];
        }
    }
}
