namespace Aio;

/// <summary>
/// What <see cref="Protocol"/> and <see cref="BufferedProtocol"/> share: a stream transport tells either
/// that the connection is up and that the peer closed its sending side, and hands it the bytes that
/// arrive in the way the protocol asks for (asyncio leaves this to duck typing; here the two kinds
/// implement one internal delivery contract, so no transport switches on the protocol's kind).
/// Subclass <see cref="Protocol"/> or <see cref="BufferedProtocol"/>: the delivery contract is internal, so this class cannot be subclassed directly.
/// </summary>
public abstract class StreamProtocol : BaseProtocol
{
    /// <summary>For <see cref="Protocol"/> and <see cref="BufferedProtocol"/>.</summary>
    protected StreamProtocol()
    {
    }

    /// <summary>The connection is up (asyncio's <c>connection_made</c>); keep the transport to write.</summary>
    public virtual void ConnectionMade(Transport transport)
    {
    }

    /// <summary>
    /// The peer closed its sending side (asyncio's <c>eof_received</c>). Return true to keep the
    /// connection open for writing (then close it yourself); false closes the transport.
    /// </summary>
    public virtual bool EofReceived() => false;

    /// <summary>The message a transport reports when <see cref="Received"/> or <see cref="Deliver"/> throws.</summary>
    internal abstract string DeliveryFailed { get; }

    internal sealed override void MadeConnection(BaseTransport transport) => ConnectionMade((Transport)transport);

    /// <summary>
    /// The memory the next receive fills: <paramref name="shared"/> (the loop's receive buffer) for a
    /// <see cref="Protocol"/>, the protocol's own memory for a <see cref="BufferedProtocol"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A buffered protocol returned an empty buffer.</exception>
    internal abstract Span<byte> ReceiveBuffer(Span<byte> shared);

    /// <summary><paramref name="data"/> arrived in the memory <see cref="ReceiveBuffer"/> returned.</summary>
    internal abstract void Received(ReadOnlySpan<byte> data);

    /// <summary>Bytes that arrived elsewhere (decrypted by TLS): passed on, or copied into the protocol's buffers.</summary>
    internal abstract void Deliver(ReadOnlySpan<byte> data);
}
