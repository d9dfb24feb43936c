using Aio.Http.Client;

namespace Aio.Http.WebSockets;

/// <summary>WebSockets through a <see cref="ClientSession"/> (aiohttp's <c>session.ws_connect</c>).</summary>
public static class ClientSessionWebSockets
{
    /// <summary>
    /// Opens a WebSocket through the session: its base URL, default headers, cookies, timeouts,
    /// middlewares and connector (HTTPS through Aio's TLS for <c>wss://</c>) apply to the upgrade
    /// request. The upgraded connection leaves the pool, freeing its slot.
    /// </summary>
    /// <param name="session">The session.</param>
    /// <param name="url">A <c>ws://</c>, <c>wss://</c>, <c>http://</c> or <c>https://</c> URL, or a path under the session's base URL.</param>
    /// <param name="options">WebSocket settings; its <see cref="WebSocketOptions.Protocols"/> are offered.</param>
    /// <param name="request">Extra request settings: headers, query, cookies, timeout.</param>
    /// <exception cref="WsHandshakeError">The server did not accept the upgrade (aiohttp's <c>WSServerHandshakeError</c>).</exception>
    public static async Coroutine<ClientWebSocketResponse> WsConnectAsync(this ClientSession session, string url, WebSocketOptions? options = null, RequestOptions? request = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(url);
        var ws = new ClientWebSocketResponse(options);
        string key = WebSocketHandshake.CreateKey();
        var headers = new List<KeyValuePair<string, string>>(request?.Headers ?? [])
        {
            new("Upgrade", "websocket"),
            new("Connection", "Upgrade"),
            new("Sec-WebSocket-Key", key),
            new("Sec-WebSocket-Version", WebSocketHandshake.Version),
        };
        if (ws.Options.Protocols.Count > 0)
        {
            headers.Add(new("Sec-WebSocket-Protocol", string.Join(", ", ws.Options.Protocols)));
        }

        string httpUrl = url.StartsWith("ws://", StringComparison.OrdinalIgnoreCase) ? "http://" + url[5..]
            : url.StartsWith("wss://", StringComparison.OrdinalIgnoreCase) ? "https://" + url[6..]
            : url;
        ClientResponse response = await session.RequestAsync("GET", httpUrl, new RequestOptions
        {
            Headers = headers,
            Query = request?.Query,
            Cookies = request?.Cookies,
            Timeout = request?.Timeout,
            Middlewares = request?.Middlewares,
            AllowRedirects = request?.AllowRedirects ?? true,
            MaxRedirects = request?.MaxRedirects ?? 10,
            RaiseForStatus = false,
        });
        try
        {
            string? protocol = WebSocketHandshake.ValidateResponse(
                response.Status,
                response.Headers.GetCombined,
                key,
                ws.Options.Protocols);
            UpgradeHandle upgrade = response.Upgrade ?? throw new WsHandshakeError(response.Status, "The connection cannot be upgraded");
            (Transport transport, byte[] buffered) = upgrade.Take(ws.WireProtocol());
            ws.Start(transport, buffered, protocol);
            return ws;
        }
        finally
        {
            response.Release();
        }
    }
}
