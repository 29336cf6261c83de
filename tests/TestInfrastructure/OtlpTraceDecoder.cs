using System.Globalization;
using System.Text;

namespace ReferenceApp.Testing;

/// <summary>
/// Decodes the parts of an OTLP ExportTraceServiceRequest that tests look at, straight from the protobuf wire format
/// (field numbers from opentelemetry-proto trace/v1 and common/v1); the generated OTLP types are not packaged for .NET.
/// </summary>
public static class OtlpTraceDecoder
{
    public static IEnumerable<ReceivedSpan> Decode(byte[] request)
    {
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1).Select(f => f.Bytes))
        {
            var resourceFields = Fields(resourceSpans).ToList();
            var resourceAttributes = resourceFields.Where(f => f.Number == 1)
                .SelectMany(f => Fields(f.Bytes).Where(a => a.Number == 1))
                .Select(a => KeyValue(a.Bytes))
                .ToDictionary(kv => kv.Key, kv => kv.Value);
            var service = resourceAttributes.GetValueOrDefault("service.name", "");
            foreach (var scopeSpans in resourceFields.Where(f => f.Number == 2).Select(f => f.Bytes))
            {
                foreach (var span in Fields(scopeSpans).Where(f => f.Number == 2).Select(f => f.Bytes))
                {
                    yield return DecodeSpan(service, span);
                }
            }
        }
    }

    private static ReceivedSpan DecodeSpan(string service, byte[] span)
    {
        string traceId = "", spanId = "", parentId = "", name = "";
        var kind = 0;
        var attributes = new Dictionary<string, string>();
        foreach (var field in Fields(span))
        {
            switch (field.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(field.Bytes); break;
                case 2: spanId = Convert.ToHexStringLower(field.Bytes); break;
                case 4: parentId = Convert.ToHexStringLower(field.Bytes); break;
                case 5: name = Encoding.UTF8.GetString(field.Bytes); break;
                case 6: kind = (int)field.Varint; break;
                case 9:
                    var (key, value) = KeyValue(field.Bytes);
                    attributes[key] = value;
                    break;
            }
        }

        return new ReceivedSpan(service, traceId, spanId, parentId, name, kind, attributes);
    }

    private static (string Key, string Value) KeyValue(byte[] keyValue)
    {
        string key = "", value = "";
        foreach (var field in Fields(keyValue))
        {
            if (field.Number == 1)
            {
                key = Encoding.UTF8.GetString(field.Bytes);
            }
            else if (field.Number == 2)
            {
                value = AnyValue(field.Bytes);
            }
        }

        return (key, value);
    }

    private static string AnyValue(byte[] anyValue)
    {
        foreach (var field in Fields(anyValue))
        {
            return field.Number switch
            {
                1 => Encoding.UTF8.GetString(field.Bytes),
                2 => (field.Varint != 0).ToString(CultureInfo.InvariantCulture).ToLowerInvariant(),
                3 => ((long)field.Varint).ToString(CultureInfo.InvariantCulture),
                4 => BitConverter.Int64BitsToDouble((long)field.Varint).ToString(CultureInfo.InvariantCulture),
                _ => "",
            };
        }

        return "";
    }

    private readonly record struct Field(int Number, ulong Varint, byte[] Bytes);

    private static IEnumerable<Field> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    yield return new Field(number, ReadVarint(message, ref position), []);
                    break;
                case 1:
                    yield return new Field(number, BitConverter.ToUInt64(message, position), []);
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return new Field(number, 0, message[position..(position + length)]);
                    position += length;
                    break;
                case 5:
                    yield return new Field(number, BitConverter.ToUInt32(message, position), []);
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type in field {number}.");
            }
        }
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }
}
