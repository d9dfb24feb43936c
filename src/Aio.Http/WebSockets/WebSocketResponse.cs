using System.Text;
using System.Text.Json;
using Aio.Http.Protocol;
using Aio.Http.Server;

namespace Aio.Http.WebSockets;

/// <summary>
/// The server side of a WebSocket (aiohttp's <c>web.WebSocketResponse</c>): create it in a handler,
/// <see cref="PrepareAsync(Request)"/> it with the upgrade request to answer 101, then send and
/// receive, and return it from the handler when done.
/// </summary>
/// <example>
/// <code>
/// app.Router.AddGet("/ws", async request =>
/// {
///     var ws = new WebSocketResponse();
///     await ws.PrepareAsync(request);
///     await foreach (WsMessage msg in ws)
///     {
///         if (msg.Type == WsMsgType.Text) await ws.SendStrAsync(msg.Text!);
///     }
///     return ws;
/// });
/// </code>
/// </example>
public sealed class WebSocketResponse : StreamResponse, IAsyncEnumerable<WsMessage>
{
    private readonly ServerWebSocket _ws;

    /// <summary>Creates the response; nothing is sent until it is prepared.</summary>
    public WebSocketResponse(WebSocketOptions? options = null)
        : base(101) => _ws = new ServerWebSocket(options);

    /// <summary>The connection itself, the type both sides share (for code that serves clients and servers alike, such as a broadcast list).</summary>
    public WebSocketConnection Connection => _ws;

    /// <inheritdoc cref="WebSocketConnection.Options"/>
    public WebSocketOptions Options => _ws.Options;

    /// <inheritdoc cref="WebSocketConnection.Protocol"/>
    public string? Protocol => _ws.Protocol;

    /// <inheritdoc cref="WebSocketConnection.CloseCode"/>
    public WsCloseCode? CloseCode => _ws.CloseCode;

    /// <inheritdoc cref="WebSocketConnection.Closed"/>
    public bool Closed => _ws.Closed;

    /// <inheritdoc cref="WebSocketConnection.Exception"/>
    public Exception? Exception => _ws.Exception;

    /// <summary>
    /// Whether <paramref name="request"/> is an upgrade this response would accept, without answering it
    /// (aiohttp's <c>can_prepare</c>); <paramref name="protocol"/> is the subprotocol it would choose.
    /// </summary>
    public bool CanPrepare(Request request, out string? protocol)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            (_, protocol) = Validate(request);
            return true;
        }
        catch (WsHandshakeError)
        {
            protocol = null;
            return false;
        }
    }

    /// <summary>
    /// Checks the upgrade request (section 4.2.1), answers <c>101 Switching Protocols</c> and takes the
    /// connection over from the HTTP server (aiohttp's <c>prepare</c>).
    /// </summary>
    /// <exception cref="HttpException">Not a valid upgrade: 405 for a method other than GET, 400 otherwise, as aiohttp answers.</exception>
    public override async Coroutine PrepareAsync(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Prepared)
        {
            return;
        }

        string accept;
        string? protocol;
        try
        {
            (accept, protocol) = Validate(request);
        }
        catch (WsHandshakeError error) when (error.Status == 405)
        {
            throw new HttpMethodNotAllowed(request.Method, ["GET"]);
        }
        catch (WsHandshakeError error)
        {
            var bad = new HttpBadRequest(error.Message);
            if (error.Status == 426)
            {
                bad.Headers.Set("Sec-WebSocket-Version", WebSocketHandshake.Version);
            }

            throw bad;
        }

        Headers.Set("Upgrade", "websocket");
        Headers.Set("Connection", "upgrade");
        Headers.Set("Sec-WebSocket-Accept", accept);
        if (protocol is not null)
        {
            Headers.Set("Sec-WebSocket-Protocol", protocol);
        }

        await base.PrepareAsync(request);
        UpgradedConnection taken = request.DetachConnection(_ws.WireProtocol());
        _ws.Start(taken.Transport, taken.Buffered.Span, protocol);
    }

    /// <summary>
    /// Reads an upgrade request from a plain Aio stream (a connection from <see cref="Asyncio.StartServer"/>),
    /// checks it, answers <c>101 Switching Protocols</c> and takes the connection over. A request that is
    /// not a valid upgrade gets its 4xx answer and a closed connection, and the call fails.
    /// </summary>
    /// <exception cref="WsHandshakeError">The request is not a valid WebSocket upgrade.</exception>
    /// <exception cref="InvalidOperationException">Already prepared.</exception>
    public async Coroutine PrepareAsync(AioStreamReader reader, AioStreamWriter writer)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        if (Prepared || _ws.Transport is not null)
        {
            throw new InvalidOperationException("WebSocketResponse is already prepared");
        }

        string accept;
        string? protocol;
        try
        {
            HttpRequestHead head = await StreamHeadReader.ReadRequestAsync(reader);
            if (head.Version != HttpProtocolVersion.Http11)
            {
                throw new WsHandshakeError(400, $"WebSocket upgrade needs HTTP/1.1: {head}");
            }

            (accept, protocol) = WebSocketHandshake.ValidateRequest(head.Method, head.Headers.GetCombined, Options.Protocols);
        }
        catch (WsHandshakeError error)
        {
            Reject(writer, error);
            throw;
        }

        byte[] leftover = reader.BufferedCount > 0 ? await reader.ReadAsync(reader.BufferedCount) : [];
        writer.Write(Encoding.ASCII.GetBytes(SwitchingProtocols(accept, protocol)));
        _ws.Start(writer.Transport, leftover, protocol);
    }

    /// <inheritdoc cref="WebSocketConnection.SendStrAsync"/>
    public Coroutine SendStrAsync(string data) => _ws.SendStrAsync(data);

    /// <inheritdoc cref="WebSocketConnection.SendBytesAsync"/>
    public Coroutine SendBytesAsync(ReadOnlyMemory<byte> data) => _ws.SendBytesAsync(data);

    /// <inheritdoc cref="WebSocketConnection.SendJsonAsync"/>
    public Coroutine SendJsonAsync<T>(T value, JsonSerializerOptions? options = null) => _ws.SendJsonAsync(value, options);

    /// <inheritdoc cref="WebSocketConnection.PingAsync"/>
    public Coroutine PingAsync(ReadOnlyMemory<byte> data = default) => _ws.PingAsync(data);

    /// <inheritdoc cref="WebSocketConnection.PongAsync"/>
    public Coroutine PongAsync(ReadOnlyMemory<byte> data = default) => _ws.PongAsync(data);

    /// <inheritdoc cref="WebSocketConnection.ReceiveAsync"/>
    public Coroutine<WsMessage> ReceiveAsync(double? timeout = null) => _ws.ReceiveAsync(timeout);

    /// <inheritdoc cref="WebSocketConnection.ReceiveStrAsync"/>
    public Coroutine<string> ReceiveStrAsync(double? timeout = null) => _ws.ReceiveStrAsync(timeout);

    /// <inheritdoc cref="WebSocketConnection.ReceiveBytesAsync"/>
    public Coroutine<byte[]> ReceiveBytesAsync(double? timeout = null) => _ws.ReceiveBytesAsync(timeout);

    /// <inheritdoc cref="WebSocketConnection.ReceiveJsonAsync"/>
    public Coroutine<T?> ReceiveJsonAsync<T>(JsonSerializerOptions? options = null, double? timeout = null) => _ws.ReceiveJsonAsync<T>(options, timeout);

    /// <inheritdoc cref="WebSocketConnection.CloseAsync"/>
    public Coroutine<bool> CloseAsync(WsCloseCode code = WsCloseCode.Ok, string message = "") => _ws.CloseAsync(code, message);

    /// <inheritdoc cref="WebSocketConnection.GetAsyncEnumerator"/>
    public IAsyncEnumerator<WsMessage> GetAsyncEnumerator(CancellationToken cancellationToken = default) => _ws.GetAsyncEnumerator(cancellationToken);

    /// <summary>The 101 answer's head for a handshake over a plain stream.</summary>
    internal static string SwitchingProtocols(string accept, string? protocol) =>
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n" +
        $"Sec-WebSocket-Accept: {accept}\r\n" +
        (protocol is null ? "" : $"Sec-WebSocket-Protocol: {protocol}\r\n") +
        "\r\n";

    private (string Accept, string? Protocol) Validate(Request request)
    {
        if (request.Version != HttpProtocolVersion.Http11)
        {
            throw new WsHandshakeError(400, "WebSocket upgrade needs HTTP/1.1");
        }

        return WebSocketHandshake.ValidateRequest(
            request.Method,
            request.Headers.GetCombined,
            Options.Protocols);
    }

    private static void Reject(AioStreamWriter writer, WsHandshakeError error)
    {
        string reason = error.Status switch
        {
            405 => "Method Not Allowed",
            426 => "Upgrade Required",
            431 => "Request Header Fields Too Large",
            _ => "Bad Request",
        };
        byte[] body = Encoding.UTF8.GetBytes(error.Message);
        string extra = error.Status == 426 ? $"Sec-WebSocket-Version: {WebSocketHandshake.Version}\r\n" : error.Status == 405 ? "Allow: GET\r\n" : "";
        string head = $"HTTP/1.1 {error.Status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\n{extra}Connection: close\r\n\r\n";
        if (!writer.IsClosing)
        {
            writer.Write(Encoding.ASCII.GetBytes(head));
            writer.Write(body);
            writer.Close();
        }
    }
}
