namespace Aio;

/// <summary>
/// A stream protocol that receives straight into memory it owns (asyncio's <c>BufferedProtocol</c>):
/// the transport asks for a buffer, receives into it, and says how much arrived. No copy is made.
/// </summary>
public abstract class BufferedProtocol : BaseProtocol
{
    /// <summary>The connection is up (asyncio's <c>connection_made</c>).</summary>
    public virtual void ConnectionMade(Transport transport)
    {
    }

    /// <summary>
    /// Returns the memory the next receive fills (asyncio's <c>get_buffer</c>); it must not be empty.
    /// <paramref name="sizeHint"/> is -1 when the transport has no preference.
    /// </summary>
    public abstract Memory<byte> GetBuffer(int sizeHint);

    /// <summary><paramref name="count"/> bytes were received into the buffer <see cref="GetBuffer"/> returned (asyncio's <c>buffer_updated</c>).</summary>
    public abstract void BufferUpdated(int count);

    /// <summary>The peer closed its sending side; return true to keep the connection open for writing.</summary>
    public virtual bool EofReceived() => false;
}
