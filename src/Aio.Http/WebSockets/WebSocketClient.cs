using System.Net.Security;
using System.Text;
using Aio.Http.Protocol;

namespace Aio.Http.WebSockets;

/// <summary>
/// Opens client WebSockets over Aio's own connections (<see cref="Asyncio.OpenConnection"/>), with no
/// HTTP session: the standalone form of aiohttp's <c>ws_connect</c>.
/// </summary>
public static class WebSocketClient
{
    /// <summary>
    /// Connects to a <c>ws://</c> or <c>wss://</c> URL, performs the opening handshake (section 4.1) and
    /// returns the open connection.
    /// </summary>
    /// <param name="url">The server's URL; <c>http</c>/<c>https</c> are accepted as aliases, as aiohttp does.</param>
    /// <param name="options">Connection settings; its <see cref="WebSocketOptions.Protocols"/> are offered to the server.</param>
    /// <param name="headers">Extra request headers (Origin, Authorization...).</param>
    /// <param name="ssl">TLS settings for <c>wss://</c>; defaults to the URL's host as target name.</param>
    /// <exception cref="WsHandshakeError">The server did not accept the upgrade.</exception>
    public static async Coroutine<ClientWebSocketResponse> ConnectAsync(
        Uri url,
        WebSocketOptions? options = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        SslClientAuthenticationOptions? ssl = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        bool secure = url.Scheme switch
        {
            "ws" or "http" => false,
            "wss" or "https" => true,
            _ => throw new ArgumentException($"Not a WebSocket URL: {url}", nameof(url)),
        };
        var ws = new ClientWebSocketResponse(options);
        string key = WebSocketHandshake.CreateKey();
        var request = new StringBuilder();
        request.Append("GET ").Append(url.PathAndQuery).Append(" HTTP/1.1\r\n");
        request.Append("Host: ").Append(url.IsDefaultPort ? url.IdnHost : $"{url.IdnHost}:{url.Port}").Append("\r\n");
        request.Append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        request.Append("Sec-WebSocket-Key: ").Append(key).Append("\r\n");
        request.Append("Sec-WebSocket-Version: ").Append(WebSocketHandshake.Version).Append("\r\n");
        if (ws.Options.Protocols.Count > 0)
        {
            request.Append("Sec-WebSocket-Protocol: ").AppendJoin(", ", ws.Options.Protocols).Append("\r\n");
        }

        foreach ((string name, string value) in headers ?? [])
        {
            if (name.AsSpan().IndexOfAny("\r\n:") >= 0 || value.AsSpan().IndexOfAny("\r\n") >= 0)
            {
                throw new ArgumentException($"Header {name} contains CR, LF or a colon in its name", nameof(headers));
            }

            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        request.Append("\r\n");
        if (secure)
        {
            ssl ??= new SslClientAuthenticationOptions { TargetHost = url.IdnHost };
        }

        (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection(url.IdnHost, url.Port, ssl: secure ? ssl : null);
        try
        {
            writer.Write(Encoding.Latin1.GetBytes(request.ToString()));
            await writer.DrainAsync();
            HttpResponseHead head = await StreamHeadReader.ReadResponseAsync(reader);
            string? protocol = WebSocketHandshake.ValidateResponse(head.Status, head.Headers.GetCombined, key, ws.Options.Protocols);
            byte[] leftover = reader.BufferedCount > 0 ? await reader.ReadAsync(reader.BufferedCount) : [];
            ws.Start(writer.Transport, leftover, protocol);
            return ws;
        }
        catch
        {
            writer.Transport.Abort();
            throw;
        }
    }

    /// <inheritdoc cref="ConnectAsync(Uri, WebSocketOptions?, IEnumerable{KeyValuePair{string, string}}?, SslClientAuthenticationOptions?)"/>
    public static Coroutine<ClientWebSocketResponse> ConnectAsync(
        string url,
        WebSocketOptions? options = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        SslClientAuthenticationOptions? ssl = null) => ConnectAsync(new Uri(url), options, headers, ssl);
}
