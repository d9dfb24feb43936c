using System.Text;

namespace Aio.Http.Protocol;

/// <summary>
/// Parses header field lines (RFC 9112 section 5) and reads the framing fields of a head. Shared by the
/// request parser, the response parser and the chunked trailer reader.
/// </summary>
internal static class HttpFieldParser
{
    // Names the parser hands out without allocating when they arrive in their usual spelling.
    private static readonly (byte[] Bytes, string Name)[] KnownNames = Intern(
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Accept", "Accept-Encoding",
        "Accept-Language", "User-Agent", "Cookie", "Expect", "Upgrade", "Cache-Control", "Origin", "Referer",
        "Authorization", "If-Modified-Since", "Range", "Date", "Server", "Content-Encoding", "Location",
        "Set-Cookie", "Keep-Alive", "Last-Modified", "ETag", "Accept-Ranges", "Content-Range", "Vary",
        "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Accept", "Sec-WebSocket-Protocol",
        "Sec-WebSocket-Extensions", "host", "content-length", "content-type", "transfer-encoding", "connection",
        "accept", "accept-encoding", "user-agent", "cookie", "expect", "upgrade", "date", "server");

    private static readonly (byte[] Bytes, string Value)[] KnownValues = Intern(
        "keep-alive", "close", "chunked", "*/*", "text/plain", "text/plain; charset=utf-8", "application/json",
        "gzip, deflate", "gzip, deflate, br", "100-continue", "websocket", "Upgrade", "upgrade", "13", "0");

    /// <summary>Parses one field line (without its CRLF) into <paramref name="headers"/>.</summary>
    public static void ParseField(ReadOnlySpan<byte> line, HttpHeaders headers)
    {
        if (line[0] is (byte)' ' or (byte)'\t')
        {
            throw new HttpParseException("obsolete line folding (a field line starting with whitespace) is rejected (RFC 9112 5.2)");
        }

        int colon = line.IndexOf((byte)':');
        if (colon < 0)
        {
            throw new HttpParseException("header field line without a colon");
        }

        if (colon == 0)
        {
            throw new HttpParseException("header field with an empty name");
        }

        ReadOnlySpan<byte> name = line[..colon];
        for (int i = 0; i < name.Length; i++)
        {
            if (!HttpChars.IsToken(name[i]))
            {
                if (i == name.Length - 1 && name[i] is (byte)' ' or (byte)'\t')
                {
                    throw new HttpParseException("whitespace between a header name and the colon is rejected (RFC 9112 5.1)");
                }

                throw new HttpParseException(name[i] == '\r'
                    ? "bare CR in a header name"
                    : $"invalid character 0x{name[i]:x2} in header name");
            }
        }

        ReadOnlySpan<byte> value = Trim(line[(colon + 1)..]);
        for (int i = 0; i < value.Length; i++)
        {
            if (!HttpChars.IsFieldValue(value[i]))
            {
                throw new HttpParseException(value[i] == '\r'
                    ? "bare CR in a header value"
                    : $"invalid character 0x{value[i]:x2} in the value of header {Encoding.ASCII.GetString(name)}");
            }
        }

        headers.AddUnchecked(NameString(name), ValueString(value));
    }

    /// <summary>
    /// Reads the framing fields (RFC 9112 section 6) and rejects the combinations that allow request
    /// smuggling: Content-Length with Transfer-Encoding, a repeated or malformed Content-Length, and a
    /// Transfer-Encoding whose final coding is not chunked (a request) or that repeats chunked.
    /// </summary>
    public static HttpMessageFacts ReadFraming(HttpHeaders headers, HttpProtocolVersion version, bool isRequest)
    {
        var facts = new HttpMessageFacts { ContentLength = -1, KeepAlive = version == HttpProtocolVersion.Http11 };
        string? contentLength = null;
        List<string>? transferEncoding = null;
        bool connectionUpgrade = false;
        bool hasUpgrade = false;
        for (int i = 0; i < headers.Count; i++)
        {
            (string name, string value) = headers.FieldAt(i);
            switch (name.Length)
            {
                case 14 when Is(name, "Content-Length"):
                    if (contentLength is not null)
                    {
                        throw new HttpParseException("repeated Content-Length field");
                    }

                    contentLength = value;
                    break;
                case 17 when Is(name, "Transfer-Encoding"):
                    (transferEncoding ??= new List<string>(1)).Add(value);
                    break;
                case 10 when Is(name, "Connection"):
                    ReadConnection(value, ref facts, ref connectionUpgrade);
                    break;
                case 7 when Is(name, "Upgrade"):
                    hasUpgrade = true;
                    break;
                case 6 when isRequest && Is(name, "Expect"):
                    facts.ExpectContinue = version == HttpProtocolVersion.Http11 && Is(value, "100-continue");
                    break;
            }
        }

        facts.Upgrade = connectionUpgrade && hasUpgrade;
        if (transferEncoding is not null)
        {
            if (contentLength is not null)
            {
                throw new HttpParseException("Content-Length together with Transfer-Encoding is rejected (RFC 9112 6.1)");
            }

            if (isRequest && version == HttpProtocolVersion.Http10)
            {
                throw new HttpParseException("Transfer-Encoding in an HTTP/1.0 request is rejected (RFC 9112 6.1)");
            }

            bool chunked = ReadTransferEncoding(transferEncoding, isRequest);
            facts.Framing = chunked ? HttpBodyFraming.Chunked : HttpBodyFraming.UntilClose;
            if (!chunked)
            {
                facts.KeepAlive = false;
            }
        }
        else if (contentLength is not null)
        {
            facts.ContentLength = ParseContentLength(contentLength);
            facts.Framing = HttpBodyFraming.ContentLength;
        }

        return facts;
    }

    /// <summary>Parses a Content-Length value: 1*DIGIT, no sign, no list, no overflow.</summary>
    public static long ParseContentLength(string value)
    {
        if (value.Length is 0 or > 18)
        {
            throw new HttpParseException(value.Length == 0 ? "empty Content-Length" : "Content-Length too large");
        }

        long length = 0;
        foreach (char c in value)
        {
            if (c is < '0' or > '9')
            {
                throw new HttpParseException("malformed Content-Length (only digits are allowed)");
            }

            length = (length * 10) + (c - '0');
        }

        return length;
    }

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> span)
    {
        int start = 0;
        int end = span.Length;
        while (start < end && span[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }

        while (end > start && span[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }

        return span[start..end];
    }

    public static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool ReadTransferEncoding(List<string> fields, bool isRequest)
    {
        // One list across one or more fields; chunked must be the final coding and appear once. A request
        // whose final coding is not chunked cannot be framed (400); other codings before chunked are not
        // implemented (501). A response whose final coding is not chunked runs until close.
        bool chunked = false;
        bool others = false;
        foreach (string field in fields)
        {
            foreach (string raw in field.Split(','))
            {
                string coding = raw.Trim(' ', '\t');
                if (coding.Length == 0)
                {
                    continue;
                }

                if (chunked)
                {
                    throw new HttpParseException("Transfer-Encoding continues after chunked (chunked must be the final coding, once)");
                }

                if (Is(coding, "chunked"))
                {
                    chunked = true;
                }
                else if (!IsTokenString(coding.Split(';')[0].TrimEnd(' ', '\t')))
                {
                    throw new HttpParseException("malformed Transfer-Encoding");
                }
                else
                {
                    others = true;
                }
            }
        }

        if (!chunked && !others)
        {
            throw new HttpParseException("empty Transfer-Encoding");
        }

        if (isRequest && !chunked)
        {
            throw new HttpParseException("the final Transfer-Encoding of a request must be chunked (RFC 9112 6.3)");
        }

        if (isRequest && others)
        {
            throw new HttpParseException(501, "transfer codings other than chunked are not implemented");
        }

        return chunked;
    }

    private static void ReadConnection(string value, ref HttpMessageFacts facts, ref bool upgrade)
    {
        foreach (string raw in value.Split(','))
        {
            string option = raw.Trim(' ', '\t');
            if (Is(option, "close"))
            {
                facts.KeepAlive = false;
            }
            else if (Is(option, "keep-alive"))
            {
                facts.KeepAlive = true;
            }
            else if (Is(option, "upgrade"))
            {
                upgrade = true;
            }
        }
    }

    private static bool IsTokenString(string s)
    {
        foreach (char c in s)
        {
            if (c > 0x7F || !HttpChars.IsToken((byte)c))
            {
                return false;
            }
        }

        return true;
    }

    private static string NameString(ReadOnlySpan<byte> name)
    {
        foreach ((byte[] bytes, string known) in KnownNames)
        {
            if (bytes.Length == name.Length && name.SequenceEqual(bytes))
            {
                return known;
            }
        }

        return Encoding.ASCII.GetString(name);
    }

    private static string ValueString(ReadOnlySpan<byte> value)
    {
        if (value.Length <= 24)
        {
            foreach ((byte[] bytes, string known) in KnownValues)
            {
                if (bytes.Length == value.Length && value.SequenceEqual(bytes))
                {
                    return known;
                }
            }
        }

        return Encoding.Latin1.GetString(value);
    }

    private static (byte[], string)[] Intern(params string[] names) =>
        names.Select(n => (Encoding.ASCII.GetBytes(n), n)).ToArray();
}
