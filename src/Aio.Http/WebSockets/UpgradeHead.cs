using System.Text;

namespace Aio.Http.WebSockets;

/// <summary>
/// The head (start line and headers) of an HTTP/1.1 upgrade request or response, read from an Aio
/// stream. It serves the handshakes made over plain streams (<see cref="WebSocketResponse.PrepareAsync(AioStreamReader, AioStreamWriter)"/>,
/// <see cref="WebSocketClient.ConnectAsync(Uri, WebSocketOptions?, IEnumerable{KeyValuePair{string, string}}?, System.Net.Security.SslClientAuthenticationOptions?)"/>); handlers on the Aio.Http server use its parser instead.
/// Strict: CRLF line ends only, no obs-fold, no whitespace before a colon, token header names.
/// </summary>
internal sealed class UpgradeHead
{
    /// <summary>The limit aiohttp puts on a request line or header field.</summary>
    public const int MaxHeadLength = 8190 * 4;

    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    private UpgradeHead(string[] startLine) => StartLine = startLine;

    /// <summary>The start line split on spaces into at most three parts (method, target, version or version, status, reason).</summary>
    public string[] StartLine { get; }

    /// <summary>A header's values joined with ", ", or null.</summary>
    public string? this[string name] => _headers.GetValueOrDefault(name);

    /// <summary>Reads a head from <paramref name="reader"/>.</summary>
    /// <exception cref="WsHandshakeError">The head is malformed, too long or cut short (status 400).</exception>
    public static async Coroutine<UpgradeHead> ReadAsync(AioStreamReader reader)
    {
        byte[] raw;
        try
        {
            raw = await reader.ReadUntilAsync(EndOfHead);
        }
        catch (IncompleteReadError)
        {
            throw new WsHandshakeError(400, "Connection closed before the end of the HTTP head");
        }
        catch (LimitOverrunError)
        {
            throw new WsHandshakeError(431, "HTTP head too long");
        }

        if (raw.Length > MaxHeadLength)
        {
            throw new WsHandshakeError(431, "HTTP head too long");
        }

        return Parse(raw);
    }

    /// <summary>Parses a head that ends with an empty line.</summary>
    public static UpgradeHead Parse(ReadOnlySpan<byte> raw)
    {
        string text = Encoding.Latin1.GetString(raw[..^4]);
        string[] lines = text.Split("\r\n");
        foreach (string line in lines)
        {
            if (line.Contains('\r') || line.Contains('\n') || line.Contains('\0'))
            {
                throw new WsHandshakeError(400, "Bare CR or LF in the HTTP head");
            }
        }

        var head = new UpgradeHead(lines[0].Split(' ', 3));
        if (head.StartLine.Length < 2)
        {
            throw new WsHandshakeError(400, $"Bad start line: {lines[0]}");
        }

        foreach (string line in lines.AsSpan(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[0] is ' ' or '\t')
            {
                throw new WsHandshakeError(400, $"Bad header line: {line}");
            }

            string name = line[..colon];
            foreach (char c in name)
            {
                if (c <= ' ' || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".Contains(c, StringComparison.Ordinal))
                {
                    throw new WsHandshakeError(400, $"Bad header name: {name}");
                }
            }

            string value = line[(colon + 1)..].Trim(' ', '\t');
            head._headers[name] = head._headers.TryGetValue(name, out string? earlier) ? $"{earlier}, {value}" : value;
        }

        return head;
    }
}
