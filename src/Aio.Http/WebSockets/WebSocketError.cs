namespace Aio.Http.WebSockets;

/// <summary>
/// A WebSocket protocol violation (aiohttp's <c>WebSocketError</c>): a malformed or forbidden frame, text
/// that is not UTF-8, a message over the size limit. <see cref="Code"/> is the close code the
/// connection sends before closing.
/// </summary>
public class WebSocketError : Exception
{
    /// <summary>Creates the error with the close code it maps to.</summary>
    public WebSocketError(WsCloseCode code, string message)
        : base(message) => Code = code;

    /// <summary>Creates the error with the close code it maps to and the error that caused it.</summary>
    public WebSocketError(WsCloseCode code, string message, Exception? innerException)
        : base(message, innerException) => Code = code;

    /// <summary>The close code that reports this error to the peer (1002, 1007, 1009...).</summary>
    public WsCloseCode Code { get; }
}

/// <summary>
/// The opening handshake failed (aiohttp's <c>WSServerHandshakeError</c> on the client, an HTTP 4xx on the
/// server): the peer did not answer 101, or its headers break RFC 6455 section 4.
/// </summary>
public class WsHandshakeError : Exception
{
    /// <summary>Creates the error with the HTTP status involved (the peer's, or the one to answer with).</summary>
    public WsHandshakeError(int status, string message)
        : base(message) => Status = status;

    /// <summary>The HTTP status: the server's answer on the client side, the status to send on the server side.</summary>
    public int Status { get; }
}
