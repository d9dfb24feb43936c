using System.Text;

namespace Aio.Http.WebSockets;

/// <summary>
/// The server side of a WebSocket (aiohttp's <c>web.WebSocketResponse</c>): create it in a handler,
/// <c>PrepareAsync</c> it with the upgrade request to answer 101, then send and receive.
/// </summary>
/// <example>
/// <code>
/// var ws = new WebSocketResponse();
/// await ws.PrepareAsync(reader, writer);
/// await foreach (WsMessage msg in ws)
/// {
///     if (msg.Type == WsMsgType.Text) await ws.SendStrAsync(msg.Text!);
/// }
/// </code>
/// </example>
public sealed class WebSocketResponse : WebSocketConnection
{
    /// <summary>Creates the response; nothing is sent until <c>PrepareAsync</c>.</summary>
    public WebSocketResponse(WebSocketOptions? options = null)
        : base(options, isClient: false)
    {
    }

    /// <summary>True once the handshake has been answered.</summary>
    public bool Prepared { get; private set; }

    /// <summary>
    /// Reads an upgrade request from a plain Aio stream (a connection from <see cref="Asyncio.StartServer"/>),
    /// checks it (section 4.2.1), answers <c>101 Switching Protocols</c> and takes the connection over. A
    /// request that is not a valid upgrade gets its 4xx answer and a closed connection, and the call fails.
    /// </summary>
    /// <exception cref="WsHandshakeError">The request is not a valid WebSocket upgrade.</exception>
    /// <exception cref="InvalidOperationException">Already prepared.</exception>
    public async Coroutine PrepareAsync(AioStreamReader reader, AioStreamWriter writer)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        if (Prepared)
        {
            throw new InvalidOperationException("WebSocketResponse is already prepared");
        }

        string accept;
        string? protocol;
        try
        {
            UpgradeHead head = await UpgradeHead.ReadAsync(reader);
            if (head.StartLine.Length != 3 || head.StartLine[2] != "HTTP/1.1")
            {
                throw new WsHandshakeError(400, $"WebSocket upgrade needs HTTP/1.1: {string.Join(' ', head.StartLine)}");
            }

            (accept, protocol) = WebSocketHandshake.ValidateRequest(head.StartLine[0], name => head[name], Options.Protocols);
        }
        catch (WsHandshakeError error)
        {
            Reject(writer, error);
            throw;
        }

        byte[] leftover = reader.BufferedCount > 0 ? await reader.ReadAsync(reader.BufferedCount) : [];
        writer.Write(Encoding.ASCII.GetBytes(SwitchingProtocols(accept, protocol)));
        Protocol = protocol;
        Prepared = true;
        Attach(writer.Transport, leftover);
    }

    /// <summary>The 101 answer's head (shared with the Aio.Http server's upgrade path).</summary>
    internal static string SwitchingProtocols(string accept, string? protocol) =>
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n" +
        $"Sec-WebSocket-Accept: {accept}\r\n" +
        (protocol is null ? "" : $"Sec-WebSocket-Protocol: {protocol}\r\n") +
        "\r\n";

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
