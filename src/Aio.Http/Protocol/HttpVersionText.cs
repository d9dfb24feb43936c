namespace Aio.Http.Protocol;

/// <summary>Reads and writes the <c>HTTP/1.x</c> version token.</summary>
internal static class HttpVersionText
{
    public static ReadOnlySpan<byte> Http11 => "HTTP/1.1"u8;

    public static ReadOnlySpan<byte> Http10 => "HTTP/1.0"u8;

    public static ReadOnlySpan<byte> Bytes(HttpProtocolVersion version) => version == HttpProtocolVersion.Http10 ? Http10 : Http11;

    /// <summary>Parses exactly <c>HTTP/1.1</c> or <c>HTTP/1.0</c>; other well-formed versions are 505, the rest 400.</summary>
    public static HttpProtocolVersion Parse(ReadOnlySpan<byte> text)
    {
        if (text.SequenceEqual(Http11))
        {
            return HttpProtocolVersion.Http11;
        }

        if (text.SequenceEqual(Http10))
        {
            return HttpProtocolVersion.Http10;
        }

        if (text.Length == 8 && text.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)text[5]) && text[6] == '.' && char.IsAsciiDigit((char)text[7]))
        {
            throw new HttpParseException(505, "HTTP version not supported");
        }

        throw new HttpParseException("malformed HTTP version");
    }
}
