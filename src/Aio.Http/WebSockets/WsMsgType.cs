namespace Aio.Http.WebSockets;

/// <summary>
/// The kind of a <see cref="WsMessage"/> (aiohttp's <c>WSMsgType</c>): the four data and control frame
/// kinds a peer sends, plus the states a receive reports once the connection is closing or closed.
/// </summary>
public enum WsMsgType
{
    /// <summary>A text message: <see cref="WsMessage.Text"/> holds it, validated as UTF-8.</summary>
    Text = 0x1,

    /// <summary>A binary message: <see cref="WsMessage.Data"/> holds it.</summary>
    Binary = 0x2,

    /// <summary>The peer's close frame: <see cref="WsMessage.CloseCode"/> and <see cref="WsMessage.Text"/> (the reason).</summary>
    Close = 0x8,

    /// <summary>A ping (seen only with autoping off; otherwise answered with a pong and not returned).</summary>
    Ping = 0x9,

    /// <summary>A pong (seen only with autoping off).</summary>
    Pong = 0xA,

    /// <summary>This side has started closing: receive returns this to a receiver interrupted by a close.</summary>
    Closing = 0x100,

    /// <summary>The connection is closed: nothing more will arrive.</summary>
    Closed = 0x101,

    /// <summary>The connection failed (protocol error, timeout, lost transport): <see cref="WsMessage.Exception"/> says why.</summary>
    Error = 0x102,
}
