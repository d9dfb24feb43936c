using System.Text;

namespace Aio.Http.Protocol;

/// <summary>
/// An incremental, strict RFC 9112 request-head parser. Feed it the bytes received so far; it returns
/// the head once the empty line that ends it has arrived, and raises <see cref="HttpParseException"/>
/// (carrying the status to answer) for anything malformed, ambiguous or over a limit.
/// </summary>
/// <remarks>
/// The parser keeps only a scan position between calls: the caller keeps the unconsumed bytes at the
/// start of its buffer and calls again with the longer buffer. One parser serves a connection's
/// requests in turn (pipelined heads are parsed one after another from the same buffer).
/// </remarks>
public sealed class HttpRequestParser
{
    private static readonly string[] KnownMethods = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS", "CONNECT", "TRACE"];
    private static readonly byte[][] KnownMethodBytes = KnownMethods.Select(Encoding.ASCII.GetBytes).ToArray();
    private HttpHeadScanner _scanner;

    /// <summary>Creates a parser with <paramref name="limits"/> (aiohttp's defaults when null).</summary>
    public HttpRequestParser(HttpParserLimits? limits = null)
    {
        Limits = limits ?? HttpParserLimits.Default;
    }

    /// <summary>The limits this parser enforces.</summary>
    public HttpParserLimits Limits { get; }

    /// <summary>
    /// Parses the request head at the start of <paramref name="buffer"/>. Returns null while the head is
    /// incomplete (call again with the same bytes and more); else the head, with
    /// <paramref name="consumed"/> set to its length (the body or the next request starts there).
    /// </summary>
    /// <exception cref="HttpParseException">The head is malformed or passes a limit; the connection must be answered with its status and closed.</exception>
    public HttpRequestHead? TryParse(ReadOnlySpan<byte> buffer, out int consumed)
    {
        consumed = 0;
        int start = _scanner.HeadStart;
        int end;
        try
        {
            end = _scanner.FindEnd(buffer, Limits, 414, skipLeadingEmptyLines: true);
        }
        catch (HttpParseException)
        {
            _scanner.Reset();
            throw;
        }

        if (end < 0)
        {
            return null;
        }

        // FindEnd may have skipped leading empty lines in this very call.
        start = Math.Max(start, SkipEmptyLines(buffer));
        HttpRequestHead head = Parse(buffer[start..(end - 2)]);
        consumed = end;
        return head;
    }

    /// <summary>Forgets a partly scanned head (after the caller dropped its buffer).</summary>
    public void Reset() => _scanner.Reset();

    private static int SkipEmptyLines(ReadOnlySpan<byte> buffer)
    {
        int i = 0;
        while (i + 1 < buffer.Length && buffer[i] == '\r' && buffer[i + 1] == '\n')
        {
            i += 2;
        }

        return i;
    }

    private static HttpRequestHead Parse(ReadOnlySpan<byte> head)
    {
        int lineEnd = head.IndexOf((byte)'\r');
        ReadOnlySpan<byte> line = lineEnd < 0 ? head : head[..lineEnd];
        if (lineEnd >= 0 && (lineEnd + 1 >= head.Length || head[lineEnd + 1] != '\n'))
        {
            throw new HttpParseException("bare CR in the request line");
        }

        int sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0)
        {
            throw new HttpParseException(sp1 == 0 ? "request line starts with whitespace" : "malformed request line");
        }

        string method = Method(line[..sp1]);
        ReadOnlySpan<byte> rest = line[(sp1 + 1)..];
        int sp2 = rest.IndexOf((byte)' ');
        if (sp2 <= 0)
        {
            throw new HttpParseException("malformed request line (method SP target SP version)");
        }

        ReadOnlySpan<byte> target = rest[..sp2];
        foreach (byte c in target)
        {
            if (!HttpChars.IsTarget(c))
            {
                throw new HttpParseException($"invalid character 0x{c:x2} in the request target");
            }
        }

        HttpProtocolVersion version = HttpVersionText.Parse(rest[(sp2 + 1)..]);
        CheckTargetForm(method, target);

        var headers = new HttpHeaders();
        ReadOnlySpan<byte> fields = lineEnd < 0 ? default : head[(lineEnd + 2)..];
        HttpFields.ParseAll(fields, headers);
        CheckHost(headers, version);
        HttpMessageFacts facts = HttpFieldParser.ReadFraming(headers, version, isRequest: true);
        return new HttpRequestHead(method, Encoding.UTF8.GetString(target), version, headers, facts);
    }

    private static string Method(ReadOnlySpan<byte> token)
    {
        for (int i = 0; i < KnownMethodBytes.Length; i++)
        {
            if (token.SequenceEqual(KnownMethodBytes[i]))
            {
                return KnownMethods[i];
            }
        }

        foreach (byte c in token)
        {
            if (!HttpChars.IsToken(c))
            {
                throw new HttpParseException($"invalid character 0x{c:x2} in the method");
            }
        }

        return Encoding.ASCII.GetString(token);
    }

    private static void CheckTargetForm(string method, ReadOnlySpan<byte> target)
    {
        if (target[0] == '/')
        {
            return;
        }

        if (target.Length == 1 && target[0] == '*' && method == "OPTIONS")
        {
            return;
        }

        if (method == "CONNECT" || target.StartsWith("http://"u8) || target.StartsWith("https://"u8))
        {
            return;
        }

        throw new HttpParseException("request target is not in origin, absolute, authority or asterisk form");
    }

    private static void CheckHost(HttpHeaders headers, HttpProtocolVersion version)
    {
        int hosts = 0;
        for (int i = 0; i < headers.Count; i++)
        {
            string name = headers.FieldAt(i).Name;
            if (name.Length == 4 && HttpFieldParser.Is(name, "Host"))
            {
                hosts++;
            }
        }

        if (hosts > 1)
        {
            throw new HttpParseException("more than one Host field (RFC 9112 3.2)");
        }

        if (hosts == 0 && version == HttpProtocolVersion.Http11)
        {
            throw new HttpParseException("HTTP/1.1 request without a Host field (RFC 9112 3.2)");
        }
    }
}
