using Aio.Http.Protocol;

namespace Aio.Http.WebSockets;

/// <summary>
/// Reads the head (start line and header fields) of an upgrade request or response from an Aio stream,
/// for the handshakes made over plain streams (<see cref="WebSocketResponse.PrepareAsync(AioStreamReader, AioStreamWriter)"/>,
/// <see cref="WebSocketClient"/>). The bytes up to the empty line are parsed by the package's own strict
/// <see cref="HttpRequestParser"/> and <see cref="HttpResponseParser"/>, with their limits, so a stream
/// handshake accepts exactly what the Aio.Http server and client accept; a parse error becomes a
/// <see cref="WsHandshakeError"/> with the parser's status.
/// </summary>
internal static class StreamHeadReader
{
    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

    /// <summary>Reads a request head.</summary>
    /// <exception cref="WsHandshakeError">The head is malformed, too long or cut short.</exception>
    public static async Coroutine<HttpRequestHead> ReadRequestAsync(AioStreamReader reader)
    {
        byte[] raw = await ReadRawAsync(reader);
        try
        {
            return new HttpRequestParser().TryParse(raw, out _) ?? throw Incomplete();
        }
        catch (HttpParseException e)
        {
            throw new WsHandshakeError(e.Status, e.Message);
        }
    }

    /// <summary>Reads a response head (status line and fields).</summary>
    /// <exception cref="WsHandshakeError">The head is malformed, too long or cut short (status 0: there is no status to report).</exception>
    public static async Coroutine<HttpResponseHead> ReadResponseAsync(AioStreamReader reader)
    {
        byte[] raw = await ReadRawAsync(reader);
        try
        {
            return new HttpResponseParser().TryParse(raw, out _) ?? throw Incomplete();
        }
        catch (HttpParseException e)
        {
            throw new WsHandshakeError(0, $"Bad response head: {e.Message}");
        }
    }

    private static async Coroutine<byte[]> ReadRawAsync(AioStreamReader reader)
    {
        try
        {
            return await reader.ReadUntilAsync(EndOfHead);
        }
        catch (IncompleteReadError)
        {
            throw new WsHandshakeError(400, "Connection closed before the end of the HTTP head");
        }
        catch (LimitOverrunError)
        {
            throw new WsHandshakeError(431, "HTTP head too long");
        }
    }

    // ReadUntilAsync returned bytes that end with an empty line, so the parser can only want more
    // when the head began with empty lines (which a request parser skips): treat as malformed.
    private static WsHandshakeError Incomplete() => new(400, "Incomplete HTTP head");
}
