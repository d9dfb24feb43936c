using System.Net;
using System.Net.Sockets;
using Aio.Native;

namespace Aio;

/// <summary>
/// Non-blocking socket system calls on raw descriptors, returning errno instead of throwing: the
/// loop calls them on every readiness event, where an exception per "would block" would cost more
/// than the I/O. Sockets stay .NET <see cref="Socket"/> objects for everything that is not hot.
/// </summary>
internal static unsafe class SocketIo
{
    private const int SockNonblock = 0x800;
    private const int SockCloexec = 0x80000;

    /// <summary>Receives into <paramref name="buffer"/>; the count, 0 at end of stream, or -1 with <paramref name="errno"/> set.</summary>
    public static int Recv(int fd, Span<byte> buffer, out int errno)
    {
        nint n;
        fixed (byte* p = buffer)
        {
            n = Libc.recv(fd, p, (nuint)buffer.Length, 0);
        }

        errno = n < 0 ? Errno.Last : 0;
        return (int)n;
    }

    /// <summary>Sends from <paramref name="data"/>; the count sent, or -1 with <paramref name="errno"/> set.</summary>
    public static int Send(int fd, ReadOnlySpan<byte> data, out int errno)
    {
        nint n;
        fixed (byte* p = data)
        {
            n = Libc.send(fd, p, (nuint)data.Length, Errno.MsgNoSignal);
        }

        errno = n < 0 ? Errno.Last : 0;
        return (int)n;
    }

    /// <summary>Reads from a pipe or other descriptor; the count, 0 at end, or -1 with <paramref name="errno"/> set.</summary>
    public static int Read(int fd, Span<byte> buffer, out int errno)
    {
        nint n;
        fixed (byte* p = buffer)
        {
            n = Libc.read(fd, p, (nuint)buffer.Length);
        }

        errno = n < 0 ? Errno.Last : 0;
        return (int)n;
    }

    /// <summary>Writes to a pipe or other descriptor; the count, or -1 with <paramref name="errno"/> set.</summary>
    public static int Write(int fd, ReadOnlySpan<byte> data, out int errno)
    {
        nint n;
        fixed (byte* p = data)
        {
            n = Libc.write(fd, p, (nuint)data.Length);
        }

        errno = n < 0 ? Errno.Last : 0;
        return (int)n;
    }

    /// <summary>
    /// Accepts one connection as a non-blocking, close-on-exec <see cref="Socket"/>; null with
    /// <paramref name="errno"/> set when there is none (or on error).
    /// </summary>
    public static Socket? Accept(int fd, out int errno)
    {
        int conn = AcceptFd(fd, out errno);
        return conn < 0 ? null : Wrap(conn);
    }

    /// <summary>A socket that owns <paramref name="fd"/>.</summary>
    public static Socket Wrap(int fd) => new(new SafeSocketHandle(fd, ownsHandle: true));

    /// <summary>
    /// Accepts one connection as a non-blocking, close-on-exec descriptor; -1 with
    /// <paramref name="errno"/> set when there is none (or on error).
    /// </summary>
    public static int AcceptFd(int fd, out int errno)
    {
        int conn;
        if (OperatingSystem.IsLinux())
        {
            conn = Libc.accept4(fd, null, null, SockNonblock | SockCloexec);
        }
        else
        {
            conn = Libc.accept(fd, null, null);
            if (conn >= 0)
            {
                SetNonBlocking(conn);
                Libc.fcntl(conn, 2 /* F_SETFD */, 1 /* FD_CLOEXEC */);
            }
        }

        errno = conn < 0 ? Errno.Last : 0;
        return conn;
    }

    /// <summary>The pending error of a socket (<c>SO_ERROR</c>), e.g. the outcome of a non-blocking connect.</summary>
    public static int PendingError(int fd)
    {
        int value = 0;
        int len = sizeof(int);
        return Libc.getsockopt(fd, Errno.SolSocket, Errno.SoError, &value, &len) == 0 ? value : Errno.Last;
    }

    public static void SetNonBlocking(int fd) => Libc.fcntl(fd, Errno.FSetFl, Libc.fcntl(fd, Errno.FGetFl, 0) | Errno.ONonBlock);

    /// <summary>Whether a non-blocking connect is under way (EINPROGRESS, or what .NET reports for it).</summary>
    public static bool IsInProgress(SocketException e) =>
        e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.AlreadyInProgress;

    /// <summary>Starts a non-blocking connect through .NET, so that the socket knows its endpoints afterwards.</summary>
    /// <returns>True if connected at once, false if the connection is in progress.</returns>
    public static bool StartConnect(Socket socket, EndPoint address)
    {
        try
        {
            socket.Connect(address);
            return true;
        }
        catch (SocketException e) when (IsInProgress(e))
        {
            return false;
        }
    }
}
