namespace Aio;

/// <summary>
/// A stream protocol (asyncio's <c>Protocol</c>): subclass it and pass a factory to
/// <c>EventLoop.CreateConnectionAsync</c> or <c>EventLoop.CreateServerAsync</c>.
/// The calls arrive in the order <see cref="StreamProtocol.ConnectionMade"/>, <see cref="DataReceived"/>*,
/// <see cref="StreamProtocol.EofReceived"/>?, <see cref="BaseProtocol.ConnectionLost"/>.
/// </summary>
public abstract class Protocol : StreamProtocol
{
    internal sealed override string DeliveryFailed => "Fatal error: Protocol.DataReceived() call failed.";

    /// <summary>
    /// Bytes arrived (asyncio's <c>data_received</c>). Unlike Python's <c>bytes</c>, the span is only
    /// valid during the call: the transport reuses its receive buffer, so copy what you keep.
    /// </summary>
    public virtual void DataReceived(ReadOnlySpan<byte> data)
    {
    }

    internal sealed override Span<byte> ReceiveBuffer(Span<byte> shared) => shared;

    internal sealed override void Received(ReadOnlySpan<byte> data) => DataReceived(data);

    internal sealed override void Deliver(ReadOnlySpan<byte> data) => DataReceived(data);
}
