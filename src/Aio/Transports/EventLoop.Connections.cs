using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Aio.Native;

namespace Aio;

public sealed partial class EventLoop
{
    /// <summary>
    /// Opens a TCP connection to <paramref name="host"/>:<paramref name="port"/> and binds it to a new
    /// protocol (asyncio's <c>create_connection</c>). Each address the host resolves to is tried in turn.
    /// </summary>
    /// <typeparam name="TProtocol">A <see cref="Protocol"/> or <see cref="BufferedProtocol"/>.</typeparam>
    /// <returns>The transport and the protocol, after the protocol's <c>ConnectionMade</c> has run.</returns>
    /// <remarks>Cancel safety: if cancelled while connecting, the socket is closed and no protocol is made.</remarks>
    /// <param name="protocolFactory">Makes the protocol.</param>
    /// <param name="host">A host name or address.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="ssl">TLS options to run TLS over the connection; <c>TargetHost</c> defaults to <paramref name="host"/> (asyncio's <c>server_hostname</c>).</param>
    /// <exception cref="SocketException">No address could be connected to (for example, connection refused).</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The TLS handshake failed.</exception>
    public async Coroutine<(Transport Transport, TProtocol Protocol)> CreateConnectionAsync<TProtocol>(Func<TProtocol> protocolFactory, string host, int port, SslClientAuthenticationOptions? ssl = null)
        where TProtocol : BaseProtocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentException.ThrowIfNullOrEmpty(host);
        CheckPort(port);
        Socket socket = await ConnectTcpAsync(host, port);
        return await ConnectTransportAsync(socket, protocolFactory, ssl is null ? null : TlsOptions.ForHost(ssl, host));
    }

    /// <summary>Binds an already connected socket to a new protocol (asyncio's <c>create_connection(sock=...)</c>).</summary>
    /// <remarks>The socket is made non-blocking and belongs to the transport from now on.</remarks>
    public Coroutine<(Transport Transport, TProtocol Protocol)> CreateConnectionAsync<TProtocol>(Func<TProtocol> protocolFactory, Socket socket, SslClientAuthenticationOptions? ssl = null)
        where TProtocol : BaseProtocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentNullException.ThrowIfNull(socket);
        socket.Blocking = false;
        return ConnectTransportAsync(socket, protocolFactory, ssl);
    }

    /// <summary>Opens a Unix-domain stream connection to <paramref name="path"/> (asyncio's <c>create_unix_connection</c>).</summary>
    /// <remarks>Cancel safety: if cancelled while connecting, the socket is closed and no protocol is made.</remarks>
    /// <exception cref="SocketException">Nothing listens at the path.</exception>
    public async Coroutine<(Transport Transport, TProtocol Protocol)> CreateUnixConnectionAsync<TProtocol>(Func<TProtocol> protocolFactory, string path)
        where TProtocol : BaseProtocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
        try
        {
            await SockConnectAsync(socket, new UnixDomainSocketEndPoint(path));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return await ConnectTransportAsync(socket, protocolFactory, null);
    }

    /// <summary>
    /// Listens on <paramref name="host"/>:<paramref name="port"/> and makes a protocol for each connection
    /// (asyncio's <c>create_server</c>). A null or empty host listens on every interface (IPv4 and IPv6);
    /// port 0 picks a free port (see <see cref="AioServer.Sockets"/>). <c>SO_REUSEADDR</c> is set, as asyncio does on Unix.
    /// </summary>
    /// <param name="protocolFactory">Makes the protocol of each accepted connection.</param>
    /// <param name="host">The address or name to listen on; null for every interface.</param>
    /// <param name="port">The port; 0 for any free one.</param>
    /// <param name="backlog">The listen queue length, and how many connections one readiness event accepts.</param>
    /// <param name="reusePort">Sets <c>SO_REUSEPORT</c>, so several sockets (loops of a loop group) share the port.</param>
    /// <param name="startServing">Starts accepting at once (asyncio's default); otherwise call <see cref="AioServer.StartServingAsync"/>.</param>
    /// <param name="ssl">TLS options to serve TLS; each connection's protocol is made after its handshake.</param>
    /// <exception cref="SocketException">The address is in use or cannot be bound.</exception>
    public async Coroutine<AioServer> CreateServerAsync(Func<BaseProtocol> protocolFactory, string? host, int port, int backlog = 100, bool reusePort = false, bool startServing = true, SslServerAuthenticationOptions? ssl = null)
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        CheckPort(port);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(backlog);
        IPAddress[] addresses = string.IsNullOrEmpty(host)
            ? Socket.OSSupportsIPv6 ? [IPAddress.Any, IPAddress.IPv6Any] : [IPAddress.Any]
            : await ResolveAsync(host, AddressFamily.Unspecified);
        var sockets = new List<Socket>();
        try
        {
            foreach (IPAddress address in addresses.Distinct())
            {
                sockets.Add(BindTcp(new IPEndPoint(address, port), reusePort));
            }
        }
        catch
        {
            sockets.ForEach(s => s.Dispose());
            throw;
        }

        return await StartServerAsync(new AioServer(this, sockets, protocolFactory, backlog, null, ssl), startServing);
    }

    /// <summary>Serves on an already bound socket (asyncio's <c>create_server(sock=...)</c>); the socket belongs to the server from now on.</summary>
    public Coroutine<AioServer> CreateServerAsync(Func<BaseProtocol> protocolFactory, Socket socket, int backlog = 100, bool startServing = true)
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentNullException.ThrowIfNull(socket);
        socket.Blocking = false;
        return StartServerAsync(new AioServer(this, [socket], protocolFactory, backlog), startServing);
    }

    /// <summary>
    /// Listens on the Unix-domain socket <paramref name="path"/> (asyncio's <c>create_unix_server</c>). A stale
    /// socket file there is removed first, and the file is removed again when the server closes.
    /// </summary>
    /// <exception cref="SocketException">The path cannot be bound.</exception>
    public Coroutine<AioServer> CreateUnixServerAsync(Func<BaseProtocol> protocolFactory, string path, int backlog = 100, bool startServing = true)
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentException.ThrowIfNullOrEmpty(path);
        UnixSockets.RemoveSocketFile(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Blocking = false;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new SocketException((int)e.SocketErrorCode, $"error while attempting to bind on address '{path}': {e.Message.ToLowerInvariant()}");
        }

        return StartServerAsync(new AioServer(this, [socket], protocolFactory, backlog, path), startServing);
    }

    private static async Coroutine<AioServer> StartServerAsync(AioServer server, bool startServing)
    {
        if (startServing)
        {
            server.StartServing();
            try
            {
                // asyncio skips one iteration so that every listener's registration goes through.
                await Asyncio.Sleep(0);
            }
            catch
            {
                server.Close();
                throw;
            }
        }

        return server;
    }

    private static unsafe Socket BindTcp(IPEndPoint endpoint, bool reusePort)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            int fd = SocketFd(socket);
            int one = 1;
            // Raw options: .NET's ReuseAddress also sets SO_REUSEPORT on Unix, which would let two servers share a port silently.
            Libc.setsockopt(fd, Errno.SolSocket, Errno.SoReuseAddr, &one, sizeof(int));
            if (reusePort)
            {
                Libc.setsockopt(fd, Errno.SolSocket, Errno.SoReusePort, &one, sizeof(int));
            }

            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.Bind(endpoint);
            socket.Blocking = false;
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new SocketException((int)e.SocketErrorCode, $"error while attempting to bind on address {endpoint}: {e.Message.ToLowerInvariant()}");
        }
    }

    private static void CheckPort(int port)
    {
        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A port must be between 0 and 65535.");
        }
    }

    /// <summary>Connects to each address of <paramref name="host"/> in turn; the first that answers wins.</summary>
    private async Coroutine<Socket> ConnectTcpAsync(string host, int port)
    {
        IPAddress[] addresses = await ResolveAsync(host, AddressFamily.Unspecified);
        var errors = new List<SocketException>();
        foreach (IPAddress address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            try
            {
                await SockConnectAsync(socket, new IPEndPoint(address, port));
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                errors.Add(e);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        if (errors.Count == 1 || errors.Select(e => e.Message).Distinct().Count() == 1)
        {
            throw errors[0];
        }

        throw new SocketException((int)errors[0].SocketErrorCode, $"Multiple exceptions: {string.Join(", ", errors.Select(e => e.Message))}");
    }

    /// <summary>Makes the protocol and transport of a connected socket and waits for <c>ConnectionMade</c> (asyncio's <c>_create_connection_transport</c>).</summary>
    private async Coroutine<(Transport Transport, TProtocol Protocol)> ConnectTransportAsync<TProtocol>(Socket socket, Func<TProtocol> protocolFactory, SslClientAuthenticationOptions? ssl)
        where TProtocol : BaseProtocol
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
        Transport transport = ssl is null
            ? new SocketTransport(this, socket, protocol, waiter)
            : TlsTransport.StartClient(this, socket, protocol, ssl, waiter);
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
