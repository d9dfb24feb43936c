namespace Aio;

/// <summary>
/// A stream protocol (asyncio's <c>Protocol</c>): subclass it and pass a factory to
/// <c>EventLoop.CreateConnectionAsync</c> or <c>EventLoop.CreateServerAsync</c>.
/// The calls arrive in the order <see cref="ConnectionMade"/>, <see cref="DataReceived"/>*,
/// <see cref="EofReceived"/>?, <see cref="BaseProtocol.ConnectionLost"/>.
/// </summary>
public abstract class Protocol : BaseProtocol
{
    /// <summary>The connection is up (asyncio's <c>connection_made</c>); keep the transport to write.</summary>
    public virtual void ConnectionMade(Transport transport)
    {
    }

    /// <summary>
    /// Bytes arrived (asyncio's <c>data_received</c>). Unlike Python's <c>bytes</c>, the span is only
    /// valid during the call: the transport reuses its receive buffer, so copy what you keep.
    /// </summary>
    public virtual void DataReceived(ReadOnlySpan<byte> data)
    {
    }

    /// <summary>
    /// The peer closed its sending side (asyncio's <c>eof_received</c>). Return true to keep the
    /// connection open for writing (then close it yourself); false closes the transport.
    /// </summary>
    public virtual bool EofReceived() => false;
}
