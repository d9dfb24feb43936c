using System.Net.Sockets;

namespace Aio;

public sealed partial class EventLoop
{
    /// <summary>
    /// Calls <paramref name="callback"/> on the loop whenever <paramref name="fd"/> is readable (asyncio's
    /// <c>add_reader</c>), until <see cref="RemoveReader(int)"/>. It replaces an earlier reader of the
    /// same descriptor. The descriptor should be non-blocking.
    /// </summary>
    /// <exception cref="ArgumentException">The descriptor is not open, cannot be polled, or belongs to a transport.</exception>
    public void AddReader(int fd, Action callback) => _ = AddCallback(fd, IoEvents.Read, callback);

    /// <summary>Calls <paramref name="callback"/> whenever <paramref name="socket"/> is readable; see <see cref="AddReader(int, Action)"/>.</summary>
    public void AddReader(Socket socket, Action callback) => AddReader(SocketFd(socket), callback);

    /// <summary>Stops watching <paramref name="fd"/> for reading (asyncio's <c>remove_reader</c>).</summary>
    /// <returns>Whether a reader was registered.</returns>
    public bool RemoveReader(int fd) => RemoveCallback(fd, IoEvents.Read);

    /// <summary>Stops watching <paramref name="socket"/> for reading.</summary>
    public bool RemoveReader(Socket socket) => RemoveReader(SocketFd(socket));

    /// <summary>
    /// Calls <paramref name="callback"/> on the loop whenever <paramref name="fd"/> is writable (asyncio's
    /// <c>add_writer</c>), until <see cref="RemoveWriter(int)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The descriptor is not open, cannot be polled, or belongs to a transport.</exception>
    public void AddWriter(int fd, Action callback) => _ = AddCallback(fd, IoEvents.Write, callback);

    /// <summary>Calls <paramref name="callback"/> whenever <paramref name="socket"/> is writable; see <see cref="AddWriter(int, Action)"/>.</summary>
    public void AddWriter(Socket socket, Action callback) => AddWriter(SocketFd(socket), callback);

    /// <summary>Stops watching <paramref name="fd"/> for writing (asyncio's <c>remove_writer</c>).</summary>
    /// <returns>Whether a writer was registered.</returns>
    public bool RemoveWriter(int fd) => RemoveCallback(fd, IoEvents.Write);

    /// <summary>Stops watching <paramref name="socket"/> for writing.</summary>
    public bool RemoveWriter(Socket socket) => RemoveWriter(SocketFd(socket));

    /// <summary>The file descriptor of <paramref name="socket"/>, without marking the handle as exposed.</summary>
    internal static int SocketFd(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return (int)socket.SafeHandle.DangerousGetHandle();
    }

    /// <summary>Installs a reader or writer and returns its handle, so the caller can later remove exactly that one.</summary>
    internal Handle AddCallback(int fd, IoEvents side, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (fd < 0)
        {
            throw new ArgumentException($"Invalid file descriptor: {fd}", nameof(fd));
        }

        CheckClosed();
        CheckThread();
        var handle = new CallbackHandle(this, callback, null);
        WatchFor(fd).Set(side, handle);
        return handle;
    }

    /// <summary>Removes a reader or writer only if it is still <paramref name="handle"/> (asyncio's <c>_sock_read_done</c>).</summary>
    internal void RemoveCallback(int fd, IoEvents side, Handle handle)
    {
        if (!IsClosed && Reactor.Find(fd) is FdWatch watch && ReferenceEquals(side == IoEvents.Read ? watch.Reader : watch.Writer, handle))
        {
            watch.Set(side, null);
        }
    }

    private bool RemoveCallback(int fd, IoEvents side)
    {
        CheckThread();
        if (IsClosed || Reactor.Find(fd) is not FdWatch watch)
        {
            return false;
        }

        return watch.Set(side, null);
    }

    private FdWatch WatchFor(int fd)
    {
        switch (Reactor.Find(fd))
        {
            case FdWatch existing:
                return existing;
            case null:
                return new FdWatch(this, fd);
            case var owner:
                throw new ArgumentException($"File descriptor {fd} is used by transport {owner}", nameof(fd));
        }
    }
}
