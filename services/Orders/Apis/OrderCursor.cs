using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ReferenceApp.Orders.Apis;

/// <summary>The opaque keyset position of a page: the (createdAt, id) of its last order.</summary>
public static class OrderCursor
{
    public static string Encode(DateTimeOffset createdAt, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{createdAt.UtcTicks}:{id:N}")));

    public static bool TryDecode(string cursor, out (DateTimeOffset CreatedAt, Guid Id) position)
    {
        position = default;
        if (cursor.Length > 100 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !Guid.TryParseExact(parts[1], "N", out var id))
        {
            return false;
        }

        position = (new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
