using System.Diagnostics;
using System.Net.Sockets;
using Aio.Native;

namespace Aio;

/// <summary>
/// A TCP or Unix stream connection driven by the reactor (asyncio's <c>_SelectorSocketTransport</c>).
/// Reading: one <c>recv</c> per readiness event into the loop's receive buffer, handed to the protocol
/// as a span (or straight into a <see cref="BufferedProtocol"/>'s memory). Writing: sent at once when
/// nothing is queued; what the kernel does not take is buffered and the transport registers for
/// writability until the buffer is empty. See docs/design/reactor.md.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed partial class SocketTransport : FlowControlTransport
{
    private readonly Socket _socket;
    private readonly int _fd;
    private readonly Source _source;
    private readonly ByteQueue _buffer = new();
    private AioServer? _server;
    private BaseProtocol _protocol = null!;
    private Protocol? _plain;
    private BufferedProtocol? _buffered;
    private bool _protocolConnected;
    private int _connLost;
    private bool _closing;
    private bool _paused;
    private bool _eof;
    private bool _released;

    /// <summary>Wraps a connected, non-blocking socket and schedules <c>ConnectionMade</c>, then reading, then <paramref name="waiter"/>.</summary>
    public SocketTransport(EventLoop loop, Socket socket, BaseProtocol protocol, Future<bool>? waiter = null, AioServer? server = null)
        : base(loop)
    {
        _socket = socket;
        _fd = EventLoop.SocketFd(socket);
        _source = new Source(this);
        SetExtra("socket", socket);
        SetProtocol(protocol);
        _server = server;
        server?.Attach();
        loop.TrackResource(this);
        if (socket.ProtocolType == ProtocolType.Tcp)
        {
            // asyncio disables Nagle on every TCP transport: small writes go out at once.
            SetNoDelay(_fd);
        }

        loop.Enqueue((Action)(() => Start(waiter)), null, null);
    }

    public override bool IsClosing => _closing;

    public override bool IsReading => !_paused && !_closing;

    protected override BaseProtocol? FlowProtocol => _protocol;

    public override string ToString() =>
        $"<SocketTransport{(_released ? " closed" : _closing ? " closing" : string.Empty)} fd={_fd} read={((_source.Registered & IoEvents.Read) != 0 ? "polling" : "idle")} write=<{((_source.Registered & IoEvents.Write) != 0 ? "polling" : "idle")}, bufsize={_buffer.Count}>>";

    public override BaseProtocol GetProtocol() => _protocol;

    public override void SetProtocol(BaseProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        _plain = protocol as Protocol;
        _buffered = protocol as BufferedProtocol;
        if (_plain is null && _buffered is null)
        {
            throw new ArgumentException($"A stream transport needs a {nameof(Protocol)} or a {nameof(BufferedProtocol)}, not {protocol.GetType().Name}", nameof(protocol));
        }

        _protocol = protocol;
        _protocolConnected = true;
    }

    public override void PauseReading()
    {
        if (_closing || _paused)
        {
            return;
        }

        _paused = true;
        Watch(IoEvents.Read, false);
    }

    public override void ResumeReading()
    {
        if (_closing || !_paused)
        {
            return;
        }

        _paused = false;
        Watch(IoEvents.Read, true);
    }

    public override void Close()
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        Watch(IoEvents.Read, false);
        if (_buffer.Count == 0)
        {
            _connLost++;
            Watch(IoEvents.Write, false);
            Loop.Enqueue((Action)(() => CallConnectionLost(null)), null, null);
        }
    }

    public override void Abort() => ForceClose(null);

    public override int GetWriteBufferSize() => _buffer.Count;

    private protected override object? LookupExtra(string name, object? defaultValue)
    {
        try
        {
            return name switch
            {
                "peername" => _socket.RemoteEndPoint,
                "sockname" => _socket.LocalEndPoint,
                _ => defaultValue,
            };
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return defaultValue;
        }
    }

    private static unsafe void SetNoDelay(int fd)
    {
        int one = 1;
        Libc.setsockopt(fd, 6 /* IPPROTO_TCP */, 1 /* TCP_NODELAY */, &one, sizeof(int));
    }

    /// <summary>asyncio's three <c>call_soon</c>s from the constructor, in order: connection_made, start reading, wake the waiter.</summary>
    private void Start(Future<bool>? waiter)
    {
        try
        {
            switch (_protocol)
            {
                case Protocol p:
                    p.ConnectionMade(this);
                    break;
                case BufferedProtocol b:
                    b.ConnectionMade(this);
                    break;
            }
        }
        catch (Exception e)
        {
            Loop.CallExceptionHandler(new ExceptionContext("Exception in callback Protocol.ConnectionMade()")
            {
                Exception = e,
                Extra = { ["transport"] = this, ["protocol"] = _protocol },
            });
        }

        if (IsReading && !_released)
        {
            Watch(IoEvents.Read, true);
        }

        waiter?.TrySetResult(true);
    }

    /// <summary>Changes one side of the reactor registration.</summary>
    private void Watch(IoEvents side, bool on)
    {
        if (_released)
        {
            return;
        }

        IoEvents now = _source.Registered;
        IoEvents wanted = on ? now | side : now & ~side;
        if (wanted != now)
        {
            Loop.Reactor.SetInterest(_source, wanted);
        }
    }

    /// <summary>An error no awaiter can receive: OS errors are expected (peers reset), anything else is reported.</summary>
    private void FatalError(Exception error, string message)
    {
        if (error is not (SocketException or IOException))
        {
            Loop.CallExceptionHandler(new ExceptionContext(message)
            {
                Exception = error,
                Extra = { ["transport"] = this, ["protocol"] = _protocol },
            });
        }

        ForceClose(error);
    }

    private void ForceClose(Exception? error)
    {
        if (_connLost > 0)
        {
            return;
        }

        if (_buffer.Count > 0)
        {
            _buffer.Clear();
            Watch(IoEvents.Write, false);
        }

        if (!_closing)
        {
            _closing = true;
            Watch(IoEvents.Read, false);
        }

        _connLost++;
        FailWriteWaiter(error);
        Loop.Enqueue((Action)(() => CallConnectionLost(error)), null, null);
    }

    private void CallConnectionLost(Exception? error)
    {
        if (_released)
        {
            return; // Already done: an Abort after a completed Close must not report twice.
        }

        Loop.UntrackResource(this);

        try
        {
            if (_protocolConnected)
            {
                _protocol.ConnectionLost(error);
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Leaves the reactor, closes the socket and tells the server this connection is gone.</summary>
    private void Release()
    {
        if (_released)
        {
            return;
        }

        if (_source.Registered != IoEvents.None && !Loop.IsClosed)
        {
            Loop.Reactor.SetInterest(_source, IoEvents.None);
        }

        _released = true;
        FailWriteWaiter(null);

        // From here the descriptor number may belong to another connection (a server reuses it for the
        // next accept): later writes must be dropped, as writes after a lost connection are.
        _connLost = Math.Max(_connLost, 1);
        _socket.Dispose();
        AioServer? server = _server;
        _server = null;
        server?.Detach();
    }

    /// <summary>The transport's registration with the reactor.</summary>
    private sealed class Source(SocketTransport owner) : IoSource(owner._fd)
    {
        public override string ToString() => owner.ToString();

        protected internal override void OnReadable() => owner.ReadReady();

        protected internal override void OnWritable() => owner.WriteReady();
    }
}
