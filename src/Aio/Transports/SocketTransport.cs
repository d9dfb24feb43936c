using System.Diagnostics;
using System.Net.Sockets;
using Aio.Native;

namespace Aio;

/// <summary>
/// A TCP or Unix stream connection driven by the reactor (asyncio's <c>_SelectorSocketTransport</c>).
/// The lifecycle, the first-send write path and reading into the protocol are the
/// <see cref="StreamTransportCore{TProtocol}"/>'s; this class adds what only sockets have: the socket
/// itself, its addresses, half-close with <c>shutdown</c>, the server it belongs to, and sendfile.
/// See docs/design/transports.md and docs/design/reactor.md.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed partial class SocketTransport : SelectorStreamTransport<StreamProtocol>
{
    private Socket? _socket;
    private AioServer? _server;
    private bool _eof;
    private bool _released;

    /// <summary>Wraps a connected, non-blocking socket and schedules reading, then <c>ConnectionMade</c>, then <paramref name="waiter"/>.</summary>
    public SocketTransport(EventLoop loop, Socket socket, BaseProtocol protocol, Future<bool>? waiter = null, AioServer? server = null)
        : this(loop, EventLoop.SocketFd(socket), socket, socket.ProtocolType == ProtocolType.Tcp, protocol, waiter, server)
    {
    }

    /// <summary>
    /// Wraps an accepted, non-blocking descriptor, which the transport now owns. No <see cref="Socket"/>
    /// is made until <c>GetExtraInfo</c> asks for one: with its handle and the two addresses .NET reads
    /// up front it would be about 320 bytes per idle connection (issue 12).
    /// </summary>
    public SocketTransport(EventLoop loop, int fd, bool tcp, BaseProtocol protocol, AioServer? server)
        : this(loop, fd, null, tcp, protocol, null, server)
    {
    }

    private SocketTransport(EventLoop loop, int fd, Socket? socket, bool tcp, BaseProtocol protocol, Future<bool>? waiter, AioServer? server)
    {
        _socket = socket;
        Core = new SocketCore(loop, this, fd, StreamProtocolOf(protocol));
        _server = server;
        server?.Attach();
        loop.TrackResource(this);
        if (tcp)
        {
            // asyncio disables Nagle on every TCP transport: small writes go out at once.
            SetNoDelay(Core.Fd);
        }

        Core.Start(waiter, watchRead: true);
    }

    public override string ToString() =>
        $"<SocketTransport{State} fd={Core.Fd} read={((Core.Registered & IoEvents.Read) != 0 ? "polling" : "idle")} write=<{((Core.Registered & IoEvents.Write) != 0 ? "polling" : "idle")}, bufsize={Core.BufferSize}>>";

    public override void SetProtocol(BaseProtocol protocol) => Core.Protocol = StreamProtocolOf(protocol);

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (_eof)
        {
            throw new InvalidOperationException("Cannot call Write() after WriteEof()");
        }

        if (_sendfileActive)
        {
            throw new InvalidOperationException("Cannot call Write() while EventLoop.SendfileAsync() is sending on this transport");
        }

        if (!data.IsEmpty)
        {
            Core.Write(data);
        }
    }

    public override void WriteEof()
    {
        if (Core.Closing || _eof)
        {
            return;
        }

        _eof = true;
        if (Core.BufferSize == 0)
        {
            Libc.shutdown(Core.Fd, Errno.ShutWr);
        }
    }

    public override bool CanWriteEof() => true;

    private protected override object? LookupExtra(string name, object? defaultValue)
    {
        try
        {
            return name switch
            {
                "socket" => Socket ?? defaultValue,
                "peername" => Socket?.RemoteEndPoint ?? defaultValue,
                "sockname" => Socket?.LocalEndPoint ?? defaultValue,
                _ => defaultValue,
            };
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return defaultValue;
        }
    }

    /// <summary>
    /// The socket, made from the descriptor on first use and then owning it; null once the transport
    /// released a descriptor no socket was made for (its number may already name another file).
    /// </summary>
    private Socket? Socket => _socket ??= _released ? null : SocketIo.Wrap(Core.Fd);

    private static StreamProtocol StreamProtocolOf(BaseProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return protocol as StreamProtocol
            ?? throw new ArgumentException($"A stream transport needs a {nameof(Protocol)} or a {nameof(BufferedProtocol)}, not {protocol.GetType().Name}", nameof(protocol));
    }

    private static unsafe void SetNoDelay(int fd)
    {
        int one = 1;
        Libc.setsockopt(fd, 6 /* IPPROTO_TCP */, 1 /* TCP_NODELAY */, &one, sizeof(int));
    }

    /// <summary>Closes the socket and tells the server this connection is gone.</summary>
    private void Release()
    {
        Loop.UntrackResource(this);
        FailWriteWaiter(null);
        _released = true;
        if (_socket is not null)
        {
            _socket.Dispose();
        }
        else
        {
            Libc.close(Core.Fd);
        }

        AioServer? server = _server;
        _server = null;
        server?.Detach();
    }

    /// <summary>The transport's registration with the reactor and its share of the common lifecycle.</summary>
    private sealed class SocketCore(EventLoop loop, SocketTransport owner, int fd, StreamProtocol protocol)
        : StreamTransportCore<StreamProtocol>(loop, owner, fd, protocol)
    {
        protected override string Kind => "socket";

        protected internal override void OnReadable() => ReadInto(Protocol);

        protected internal override void OnWritable() => WriteBuffered();

        protected override int Send(ReadOnlySpan<byte> data, out int errno) => SocketIo.Send(Fd, data, out errno);

        protected override int Receive(Span<byte> buffer, out int errno) => SocketIo.Recv(Fd, buffer, out errno);

        protected override Exception OsError(int errno) => Errno.Exception(errno);

        protected override void OnDrained()
        {
            owner.CompleteWriteWaiter();
            if (!Closing && owner._eof)
            {
                Libc.shutdown(Fd, Errno.ShutWr);
            }
        }

        protected override void OnWritableWhileEmpty() => owner.CompleteWriteWaiter();

        protected override void OnForceClose(Exception? error) => owner.FailWriteWaiter(error);

        protected override void ReleaseResources() => owner.Release();
    }
}
