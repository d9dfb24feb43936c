namespace Aio.Http.WebSockets;

/// <summary>
/// The client side of a WebSocket (aiohttp's <c>ClientWebSocketResponse</c>), returned by
/// <see cref="WebSocketClient.ConnectAsync(Uri, WebSocketOptions?, IEnumerable{KeyValuePair{string, string}}?, System.Net.Security.SslClientAuthenticationOptions?)"/>: frames it sends are masked, frames it receives must not be.
/// </summary>
public sealed class ClientWebSocketResponse : WebSocketConnection, IAsyncDisposable
{
    internal ClientWebSocketResponse(WebSocketOptions? options)
        : base(options, isClient: true)
    {
    }

    internal BaseProtocol WireProtocol() => CreateProtocol();

    internal void Start(Transport transport, ReadOnlySpan<byte> received, string? protocol) => Attach(transport, received, protocol);

    /// <summary>Closes with 1000 if still open (<c>await using</c>, aiohttp's <c>async with session.ws_connect(...)</c>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Closed)
        {
            await CloseAsync();
        }
        else
        {
            Transport?.Close();
        }
    }
}
