using System.Net;
using System.Net.Sockets;

namespace Aio;

/// <summary>
/// Converts between native socket addresses and <see cref="EndPoint"/>s for a datagram socket, keeping
/// the last conversion in each direction: a UDP conversation usually talks to one peer, so most
/// datagrams cost no address allocation.
/// </summary>
internal sealed class SocketAddressCache
{
    private readonly byte[] _lastReceived = new byte[128];
    private int _lastReceivedLength;
    private EndPoint? _lastSender;
    private EndPoint? _lastDestination;
    private SocketAddress? _lastDestinationAddress;

    /// <summary>The endpoint of a sender whose native address is <paramref name="native"/>.</summary>
    public EndPoint Sender(ReadOnlySpan<byte> native, AddressFamily family)
    {
        if (_lastSender is not null && native.SequenceEqual(_lastReceived.AsSpan(0, _lastReceivedLength)))
        {
            return _lastSender;
        }

        var address = new SocketAddress(family, native.Length);
        native.CopyTo(address.Buffer.Span);
        EndPoint sender = family == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0).Create(address)
            : new IPEndPoint(IPAddress.Any, 0).Create(address);
        native.CopyTo(_lastReceived);
        _lastReceivedLength = native.Length;
        _lastSender = sender;
        return sender;
    }

    /// <summary>The native address of <paramref name="destination"/>.</summary>
    public SocketAddress Destination(EndPoint destination)
    {
        if (_lastDestinationAddress is not null && destination.Equals(_lastDestination))
        {
            return _lastDestinationAddress;
        }

        // A snapshot, not the caller's object: code that reuses one IPEndPoint and changes its port
        // between sends must not hit the cache for the old destination.
        _lastDestination = destination is IPEndPoint ip
            ? new IPEndPoint(Copy(ip.Address), ip.Port)
            : null;
        _lastDestinationAddress = destination.Serialize();
        return _lastDestinationAddress;
    }

    private static IPAddress Copy(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPAddress(address.GetAddressBytes(), address.ScopeId)
            : new IPAddress(address.GetAddressBytes());
}
