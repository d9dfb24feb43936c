using System.Net;
using System.Net.Sockets;
using Aio.Native;

namespace Aio;

public sealed partial class EventLoop
{
    /// <summary>
    /// Receives up to <paramref name="count"/> bytes from a non-blocking socket (asyncio's <c>sock_recv</c>);
    /// an empty array means the peer closed its side.
    /// </summary>
    /// <remarks>Cancel safety: if cancelled while waiting, no data has been taken from the socket.</remarks>
    /// <exception cref="ArgumentException">The socket is blocking.</exception>
    /// <exception cref="SocketException">The receive failed.</exception>
    public async Coroutine<byte[]> SockRecvAsync(Socket socket, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        byte[] buffer = new byte[count];
        int n = await SockRecvIntoAsync(socket, buffer);
        return n == count ? buffer : buffer[..n];
    }

    /// <summary>Receives into <paramref name="buffer"/> from a non-blocking socket (asyncio's <c>sock_recv_into</c>).</summary>
    /// <returns>The number of bytes received; 0 when the peer closed its side.</returns>
    /// <remarks>Cancel safety: if cancelled while waiting, no data has been taken from the socket.</remarks>
    public async Coroutine<int> SockRecvIntoAsync(Socket socket, Memory<byte> buffer)
    {
        int fd = NonBlockingFd(socket);
        int n = SocketIo.Recv(fd, buffer.Span, out int errno);
        if (n >= 0)
        {
            return n;
        }

        ThrowUnlessWouldBlock(errno);
        var future = CreateFuture<int>();
        Handle handle = AddCallback(fd, IoEvents.Read, () =>
        {
            if (future.IsDone)
            {
                return;
            }

            int k = SocketIo.Recv(fd, buffer.Span, out int e);
            if (k >= 0)
            {
                future.SetResult(k);
            }
            else if (!Errno.IsWouldBlock(e))
            {
                future.SetException(Errno.Exception(e));
            }
        });
        try
        {
            return await future;
        }
        finally
        {
            RemoveCallback(fd, IoEvents.Read, handle);
        }
    }

    /// <summary>Sends all of <paramref name="data"/> on a non-blocking socket, waiting while its buffer is full (asyncio's <c>sock_sendall</c>).</summary>
    /// <remarks>Cancel safety: if cancelled while waiting, an unknown prefix of the data has been sent.</remarks>
    /// <exception cref="SocketException">The send failed, for example because the peer reset the connection.</exception>
    public async Coroutine SockSendAllAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        int fd = NonBlockingFd(socket);
        int sent = SocketIo.Send(fd, data.Span, out int errno);
        if (sent < 0)
        {
            ThrowUnlessWouldBlock(errno);
            sent = 0;
        }

        if (sent == data.Length)
        {
            return;
        }

        var future = CreateFuture<bool>();
        Handle handle = AddCallback(fd, IoEvents.Write, () =>
        {
            if (future.IsDone)
            {
                return;
            }

            int k = SocketIo.Send(fd, data.Span[sent..], out int e);
            if (k < 0)
            {
                if (!Errno.IsWouldBlock(e))
                {
                    future.SetException(Errno.Exception(e));
                }

                return;
            }

            sent += k;
            if (sent == data.Length)
            {
                future.SetResult(true);
            }
        });
        try
        {
            await future;
        }
        finally
        {
            RemoveCallback(fd, IoEvents.Write, handle);
        }
    }

    /// <summary>
    /// Connects a non-blocking socket to <paramref name="address"/> (asyncio's <c>sock_connect</c>); a
    /// <see cref="DnsEndPoint"/> is resolved first, off the loop.
    /// </summary>
    /// <remarks>Cancel safety: if cancelled while connecting, the socket is left half-connected; close it.</remarks>
    /// <exception cref="SocketException">The connection was refused or failed.</exception>
    public async Coroutine SockConnectAsync(Socket socket, EndPoint address)
    {
        ArgumentNullException.ThrowIfNull(address);
        int fd = NonBlockingFd(socket);
        if (address is DnsEndPoint dns)
        {
            IPAddress[] found = await ResolveAsync(dns.Host, socket.AddressFamily);
            address = new IPEndPoint(found[0], dns.Port);
        }

        if (SocketIo.StartConnect(socket, address))
        {
            return;
        }

        var future = CreateFuture<bool>();
        Handle handle = AddCallback(fd, IoEvents.Write, () =>
        {
            if (future.IsDone)
            {
                return;
            }

            int error = SocketIo.PendingError(fd);
            if (error == 0)
            {
                future.SetResult(true);
            }
            else if (!Errno.IsWouldBlock(error) && error != Errno.EINPROGRESS)
            {
                future.SetException(ConnectFailed(error, address));
            }
        });
        try
        {
            await future;
        }
        finally
        {
            RemoveCallback(fd, IoEvents.Write, handle);
        }
    }

    /// <summary>
    /// Accepts a connection on a non-blocking listening socket (asyncio's <c>sock_accept</c>). The new
    /// socket is non-blocking too.
    /// </summary>
    /// <returns>The connected socket and the peer's address.</returns>
    /// <remarks>Cancel safety: if cancelled while waiting, no connection has been accepted.</remarks>
    public async Coroutine<(Socket Connection, EndPoint? Address)> SockAcceptAsync(Socket socket)
    {
        int fd = NonBlockingFd(socket);
        Socket? conn = SocketIo.Accept(fd, out int errno);
        if (conn is null)
        {
            ThrowUnlessWouldBlock(errno);
            var future = CreateFuture<Socket>();
            Handle handle = AddCallback(fd, IoEvents.Read, () =>
            {
                if (future.IsDone)
                {
                    return;
                }

                Socket? accepted = SocketIo.Accept(fd, out int e);
                if (accepted is not null)
                {
                    future.SetResult(accepted);
                }
                else if (!Errno.IsWouldBlock(e) && e != Errno.ECONNABORTED)
                {
                    future.SetException(Errno.Exception(e));
                }
            });
            try
            {
                conn = await future;
            }
            finally
            {
                RemoveCallback(fd, IoEvents.Read, handle);
            }
        }

        conn.Blocking = false;
        return (conn, conn.RemoteEndPoint);
    }

    /// <summary>A <see cref="SocketException"/> naming the address, as asyncio's "Connect call failed" does.</summary>
    internal static SocketException ConnectFailed(int errno, EndPoint address) =>
        new((int)Errno.ToSocketError(errno), $"Connect call failed {address}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)}");

    /// <summary>Resolves a host name off the loop (asyncio runs <c>getaddrinfo</c> in the default executor).</summary>
    internal async Coroutine<IPAddress[]> ResolveAsync(string host, AddressFamily family)
    {
        if (IPAddress.TryParse(host, out IPAddress? literal))
        {
            return [literal];
        }

        IPAddress[] all = await RunInExecutorAsync(null, () => Dns.GetHostAddresses(host));
        IPAddress[] matching = family is AddressFamily.Unspecified ? all : all.Where(a => a.AddressFamily == family).ToArray();
        if (matching.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound, $"No address of the right family found for {host}");
        }

        return matching;
    }

    private static void ThrowUnlessWouldBlock(int errno)
    {
        if (!Errno.IsWouldBlock(errno))
        {
            throw Errno.Exception(errno);
        }
    }

    private int NonBlockingFd(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        CheckClosed();
        if (socket.Blocking)
        {
            throw new ArgumentException("the socket must be non-blocking", nameof(socket));
        }

        return SocketFd(socket);
    }
}
