using System.Text;

namespace Aio.Http.Protocol;

/// <summary>
/// An incremental, strict RFC 9112 response-head parser for clients: the same rules and limits as
/// <see cref="HttpRequestParser"/>, plus the framing rules that depend on the request (a HEAD request's
/// response, 1xx, 204 and 304 have no body; a response without length or chunked runs until close).
/// </summary>
public sealed class HttpResponseParser
{
    private HttpHeadScanner _scanner;

    /// <summary>Creates a parser with <paramref name="limits"/> (aiohttp's defaults when null).</summary>
    public HttpResponseParser(HttpParserLimits? limits = null)
    {
        Limits = limits ?? HttpParserLimits.Default;
    }

    /// <summary>The limits this parser enforces.</summary>
    public HttpParserLimits Limits { get; }

    /// <summary>
    /// Parses the response head at the start of <paramref name="buffer"/>; null while incomplete. The
    /// method of the request it answers decides whether a body can follow (HEAD and CONNECT).
    /// </summary>
    /// <exception cref="HttpParseException">The head is malformed or passes a limit; the connection must not be reused.</exception>
    public HttpResponseHead? TryParse(ReadOnlySpan<byte> buffer, out int consumed, string requestMethod = "GET")
    {
        ArgumentNullException.ThrowIfNull(requestMethod);
        consumed = 0;
        int end;
        try
        {
            end = _scanner.FindEnd(buffer, Limits, 400, skipLeadingEmptyLines: false);
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

        HttpResponseHead head = Parse(buffer[..(end - 2)], requestMethod);
        consumed = end;
        return head;
    }

    /// <summary>Forgets a partly scanned head.</summary>
    public void Reset() => _scanner.Reset();

    private static HttpResponseHead Parse(ReadOnlySpan<byte> head, string requestMethod)
    {
        int lineEnd = head.IndexOf((byte)'\r');
        ReadOnlySpan<byte> line = lineEnd < 0 ? head : head[..lineEnd];
        if (lineEnd >= 0 && (lineEnd + 1 >= head.Length || head[lineEnd + 1] != '\n'))
        {
            throw new HttpParseException("bare CR in the status line");
        }

        if (line.Length < 12 || line[8] != ' ')
        {
            throw new HttpParseException("malformed status line (HTTP-version SP status-code SP reason)");
        }

        HttpProtocolVersion version = HttpVersionText.Parse(line[..8]);
        int status = 0;
        for (int i = 9; i < 12; i++)
        {
            if (!char.IsAsciiDigit((char)line[i]))
            {
                throw new HttpParseException("status code is not three digits");
            }

            status = (status * 10) + (line[i] - '0');
        }

        if (status < 100)
        {
            throw new HttpParseException("status code below 100");
        }

        string reason = string.Empty;
        if (line.Length > 12)
        {
            if (line[12] != ' ')
            {
                throw new HttpParseException("status code is not three digits");
            }

            ReadOnlySpan<byte> text = line[13..];
            foreach (byte c in text)
            {
                if (!HttpChars.IsFieldValue(c))
                {
                    throw new HttpParseException($"invalid character 0x{c:x2} in the reason phrase");
                }
            }

            reason = text.Length == 2 && text[0] == 'O' && text[1] == 'K' ? "OK" : Encoding.Latin1.GetString(text);
        }

        var headers = new HttpHeaders();
        HttpFields.ParseAll(lineEnd < 0 ? default : head[(lineEnd + 2)..], headers);
        HttpMessageFacts facts = HttpFieldParser.ReadFraming(headers, version, isRequest: false);
        bool noBody = status is < 200 or 204 or 304
            || requestMethod == "HEAD"
            || (requestMethod == "CONNECT" && status is >= 200 and < 300);
        if (noBody)
        {
            facts.Framing = HttpBodyFraming.None;
            facts.ContentLength = status is 204 or < 200 ? -1 : facts.ContentLength;
            if (status < 200 && status != 101)
            {
                facts.KeepAlive = true;
            }
        }
        else if (facts.Framing == HttpBodyFraming.None)
        {
            facts.Framing = HttpBodyFraming.UntilClose;
            facts.KeepAlive = false;
        }

        return new HttpResponseHead(version, status, reason, headers, facts);
    }
}
