using System.Net;

namespace Aio;

/// <summary>A UDP protocol (asyncio's <c>DatagramProtocol</c>).</summary>
public abstract class DatagramProtocol : BaseProtocol
{
    /// <summary>The endpoint is ready (asyncio's <c>connection_made</c>).</summary>
    public virtual void ConnectionMade(DatagramTransport transport)
    {
    }

    // Given to a write pipe (which takes any protocol), a datagram protocol hears nothing, as before.
    internal sealed override void MadeConnection(BaseTransport transport)
    {
        if (transport is DatagramTransport datagrams)
        {
            ConnectionMade(datagrams);
        }
    }

    /// <summary>
    /// A datagram arrived from <paramref name="address"/> (asyncio's <c>datagram_received</c>). The span
    /// is valid only during the call.
    /// </summary>
    public virtual void DatagramReceived(ReadOnlySpan<byte> data, EndPoint address)
    {
    }

    /// <summary>
    /// A send or receive failed (asyncio's <c>error_received</c>), for example ICMP "port unreachable"
    /// reported on a connected endpoint. The endpoint stays open.
    /// </summary>
    public virtual void ErrorReceived(Exception exception)
    {
    }
}
