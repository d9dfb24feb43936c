namespace Aio.Http.WebSockets;

/// <summary>The connection under a <see cref="WebSocketResponse"/>: server side, so received frames must be masked and sent ones are not.</summary>
internal sealed class ServerWebSocket : WebSocketConnection
{
    public ServerWebSocket(WebSocketOptions? options)
        : base(options, isClient: false)
    {
    }

    public BaseProtocol WireProtocol() => CreateProtocol();

    public void Start(Transport transport, ReadOnlySpan<byte> received, string? protocol) => Attach(transport, received, protocol);
}
