using System.Buffers;

namespace Aio.Http.Client;

/// <summary>Serialises a request head (RFC 9112 §3) and frames its body.</summary>
internal static class RequestWriter
{
    /// <summary>Methods that carry a body by convention, so an empty one is sent as <c>Content-Length: 0</c>.</summary>
    private static bool ExpectsBody(string method) => method is "POST" or "PUT" or "PATCH";

    /// <summary>
    /// Writes the request line and header fields; returns whether the body goes chunked.
    /// </summary>
    /// <exception cref="ArgumentException">A header name that is not a token, or a value with CR, LF or NUL (header injection).</exception>
    internal static bool WriteHead(ClientConnection connection, ClientRequest request)
    {
        var head = new ArrayBufferWriter<byte>(512);
        Append(head, request.Method);
        Append(head, " ");
        Append(head, UrlBuilder.Target(request.Url));
        Append(head, " HTTP/1.1\r\n");
        if (!request.Headers.Contains("Host"))
        {
            Field(head, "Host", UrlBuilder.HostHeader(request.Url));
        }

        foreach ((string name, string value) in request.Headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            Field(head, name, value);
        }

        bool chunked = false;
        if (request.Body is Payload body)
        {
            if (!request.Headers.Contains("Content-Type") && body.ContentType is string ct)
            {
                Field(head, "Content-Type", ct);
            }

            if (body.Length is long length)
            {
                Field(head, "Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                Field(head, "Transfer-Encoding", "chunked");
                chunked = true;
            }
        }
        else if (ExpectsBody(request.Method))
        {
            Field(head, "Content-Length", "0");
        }

        Append(head, "\r\n");
        connection.Write(head.WrittenSpan);
        return chunked;
    }

    /// <summary>Checks a field name (an RFC 9110 token) and value (no CR, LF or NUL).</summary>
    internal static void CheckField(string name, string value)
    {
        if (name.Length == 0 || !name.All(IsTokenChar))
        {
            throw new ArgumentException($"Invalid header name '{name}': it must be an RFC 9110 token", nameof(name));
        }

        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ArgumentException($"Invalid value for header '{name}': CR, LF and NUL are not allowed", nameof(value));
        }

        if (value.Any(c => c > 0xFF))
        {
            throw new ArgumentException($"Invalid value for header '{name}': only Latin-1 characters can be sent; encode the value first", nameof(value));
        }
    }

    private static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static void Field(ArrayBufferWriter<byte> head, string name, string value)
    {
        CheckField(name, value);
        Append(head, name);
        Append(head, ": ");
        Append(head, value.Trim(' ', '\t'));
        Append(head, "\r\n");
    }

    private static void Append(ArrayBufferWriter<byte> head, string text)
    {
        // Latin-1, so that a value is sent as the octets the caller wrote (RFC 9110 §5.5).
        Span<byte> span = head.GetSpan(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            span[i] = (byte)c;
        }

        head.Advance(text.Length);
    }
}
