using System.Net;

namespace Aio;

/// <summary>A UDP endpoint (asyncio's <c>DatagramTransport</c>).</summary>
public abstract class DatagramTransport : BaseTransport
{
    /// <summary>
    /// Sends one datagram to <paramref name="address"/>, or to the remote address the endpoint is connected to
    /// (asyncio's <c>sendto</c>). The data is copied if it cannot be sent at once.
    /// </summary>
    /// <exception cref="ArgumentException">The endpoint is connected and <paramref name="address"/> is another one, or there is no address at all.</exception>
    public abstract void SendTo(ReadOnlySpan<byte> data, EndPoint? address = null);

    /// <summary>Closes at once, dropping unsent datagrams (asyncio's <c>abort</c>).</summary>
    public abstract void Abort();

    /// <summary>Bytes of datagrams waiting to be sent (asyncio's <c>get_write_buffer_size</c>).</summary>
    public abstract int GetWriteBufferSize();

    /// <summary>The flow-control marks (asyncio's <c>get_write_buffer_limits</c>).</summary>
    public abstract (int Low, int High) GetWriteBufferLimits();

    /// <summary>Sets the flow-control marks (asyncio's <c>set_write_buffer_limits</c>).</summary>
    /// <exception cref="ArgumentException">The marks are not <c>high &gt;= low &gt;= 0</c>.</exception>
    public abstract void SetWriteBufferLimits(int? high = null, int? low = null);
}
