namespace Aio.Http.WebSockets;

/// <summary>
/// Settings of a WebSocket connection, with aiohttp's defaults (the keyword arguments of
/// <c>web.WebSocketResponse</c> and <c>ClientSession.ws_connect</c>).
/// </summary>
public sealed class WebSocketOptions
{
    /// <summary>aiohttp's default <c>max_msg_size</c>: 4 MiB.</summary>
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>Seconds the close handshake waits for the peer's close frame before dropping the connection (aiohttp's <c>timeout</c>, 10).</summary>
    public double CloseTimeout { get; init; } = 10.0;

    /// <summary>Seconds a receive waits for a message before failing with <see cref="TimeoutException"/>; null waits for ever (aiohttp's <c>receive_timeout</c>).</summary>
    public double? ReceiveTimeout { get; init; }

    /// <summary>Answer pings with pongs and consume pongs without returning them (aiohttp's <c>autoping</c>, on).</summary>
    public bool Autoping { get; init; } = true;

    /// <summary>Answer the peer's close frame and end the connection as soon as it arrives (aiohttp's <c>autoclose</c>, on).</summary>
    public bool Autoclose { get; init; } = true;

    /// <summary>
    /// Seconds of silence after which a ping is sent; when no pong follows within half that time the
    /// connection is closed with 1006 (aiohttp's <c>heartbeat</c>). Null (the default) sends none.
    /// </summary>
    public double? Heartbeat { get; init; }

    /// <summary>The largest message accepted, in bytes; a larger one closes the connection with 1009. 0 means no limit (aiohttp's <c>max_msg_size</c>).</summary>
    public long MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    /// <summary>Subprotocols: on a server those it supports, on a client those it offers (aiohttp's <c>protocols</c>).</summary>
    public IReadOnlyList<string> Protocols { get; init; } = [];

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(CloseTimeout, nameof(CloseTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxMessageSize, nameof(MaxMessageSize));
        if (ReceiveTimeout is { } r)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(r, nameof(ReceiveTimeout));
        }

        if (Heartbeat is { } h)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(h, nameof(Heartbeat));
        }

        ArgumentNullException.ThrowIfNull(Protocols, nameof(Protocols));
    }
}
