using System.Net;
using System.Net.Sockets;
using Aio.Native;

namespace Aio;

public sealed partial class EventLoop
{
    /// <summary>
    /// Opens a UDP endpoint (asyncio's <c>create_datagram_endpoint</c>): bound to <paramref name="localAddress"/>
    /// if given, connected to <paramref name="remoteAddress"/> if given (then <c>SendTo</c> needs no address
    /// and only that peer's datagrams arrive). Host names (<see cref="DnsEndPoint"/>) are resolved off the loop.
    /// </summary>
    /// <exception cref="ArgumentException">Neither address is given.</exception>
    /// <exception cref="SocketException">The address cannot be bound or connected to.</exception>
    public async Coroutine<(DatagramTransport Transport, TProtocol Protocol)> CreateDatagramEndpointAsync<TProtocol>(
        Func<TProtocol> protocolFactory, EndPoint? localAddress = null, EndPoint? remoteAddress = null,
        bool reusePort = false, bool allowBroadcast = false)
        where TProtocol : DatagramProtocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        if (localAddress is null && remoteAddress is null)
        {
            throw new ArgumentException("unexpected address family: give a local address, a remote address or both");
        }

        IPEndPoint? local = localAddress is null ? null : await ResolveEndPointAsync(localAddress);
        IPEndPoint? remote = remoteAddress is null ? null : await ResolveEndPointAsync(remoteAddress);
        AddressFamily family = (local ?? remote)!.AddressFamily;
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            ConfigureDatagramSocket(socket, reusePort, allowBroadcast);
            if (local is not null)
            {
                socket.Bind(local);
            }

            if (remote is not null)
            {
                socket.Connect(remote);
            }

            socket.Blocking = false;
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return await DatagramTransportAsync(socket, protocolFactory, remote);
    }

    /// <summary>Uses an already created UDP socket (asyncio's <c>create_datagram_endpoint(sock=...)</c>); it belongs to the transport from now on.</summary>
    public Coroutine<(DatagramTransport Transport, TProtocol Protocol)> CreateDatagramEndpointAsync<TProtocol>(Func<TProtocol> protocolFactory, Socket socket)
        where TProtocol : DatagramProtocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentNullException.ThrowIfNull(socket);
        socket.Blocking = false;
        return DatagramTransportAsync(socket, protocolFactory, socket.Connected ? socket.RemoteEndPoint : null);
    }

    private static unsafe void ConfigureDatagramSocket(Socket socket, bool reusePort, bool allowBroadcast)
    {
        if (reusePort)
        {
            int one = 1;
            Libc.setsockopt(SocketFd(socket), Errno.SolSocket, Errno.SoReusePort, &one, sizeof(int));
        }

        if (allowBroadcast)
        {
            socket.EnableBroadcast = true;
        }
    }

    private async Coroutine<IPEndPoint> ResolveEndPointAsync(EndPoint address) => address switch
    {
        IPEndPoint ip => ip,
        DnsEndPoint dns => new IPEndPoint((await ResolveAsync(dns.Host, dns.AddressFamily))[0], dns.Port),
        _ => throw new ArgumentException($"Unsupported address for a datagram endpoint: {address}", nameof(address)),
    };

    private async Coroutine<(DatagramTransport Transport, TProtocol Protocol)> DatagramTransportAsync<TProtocol>(Socket socket, Func<TProtocol> protocolFactory, EndPoint? remote)
        where TProtocol : DatagramProtocol
    {
        TProtocol protocol;
        try
        {
            protocol = protocolFactory();
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var waiter = CreateFuture<bool>();
        var transport = new DatagramSocketTransport(this, socket, protocol, remote, waiter);
        try
        {
            await waiter;
        }
        catch
        {
            transport.Close();
            throw;
        }

        return (transport, protocol);
    }
}
