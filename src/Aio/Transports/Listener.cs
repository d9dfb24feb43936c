using System.Net.Sockets;
using Aio.Native;

namespace Aio;

/// <summary>
/// One listening socket of an <see cref="AioServer"/> (asyncio's <c>_accept_connection</c> reader):
/// on readiness it accepts up to a backlog of connections, each handed to the server on the next
/// iteration, as asyncio hands each to a task. Running out of descriptors pauses accepting for a
/// second instead of spinning. The accepted descriptors wait in a list handed over by one queued
/// entry, so accepting allocates no closure per connection (issue 12).
/// </summary>
internal sealed class Listener : IoSource
{
    private const double AcceptRetryDelay = 1;

    private readonly AioServer _server;
    private readonly bool _tcp;
    private readonly Handoff _handoff;

    public Listener(AioServer server, Socket socket)
        : base(EventLoop.SocketFd(socket))
    {
        _server = server;
        Socket = socket;
        _tcp = socket.ProtocolType == ProtocolType.Tcp;
        _handoff = new Handoff(this);
    }

    public Socket Socket { get; }

    public override string ToString() => $"<Listener fd={Fd} {Socket.LocalEndPoint}>";

    public void Start() => _server.Loop.Reactor.SetInterest(this, IoEvents.Read);

    public void Stop()
    {
        if (_server.Loop.IsClosed)
        {
            _handoff.CloseAll();
        }
        else if (Registered != IoEvents.None)
        {
            _server.Loop.Reactor.SetInterest(this, IoEvents.None);
        }
    }

    protected internal override void OnReadable()
    {
        EventLoop loop = _server.Loop;
        for (int i = 0; i < _server.Backlog; i++)
        {
            int conn = SocketIo.AcceptFd(Fd, out int errno);
            if (conn >= 0)
            {
                _handoff.Add(conn);
                continue;
            }

            if (Errno.IsWouldBlock(errno) || errno == Errno.ECONNABORTED)
            {
                return;
            }

            if (errno == Errno.EMFILE || errno == Errno.ENFILE || errno == Errno.ENOBUFS || errno == Errno.ENOMEM)
            {
                loop.CallExceptionHandler(new ExceptionContext("socket.accept() out of system resource")
                {
                    Exception = Errno.Exception(errno),
                    Extra = { ["socket"] = Socket },
                });
                Stop();
                loop.CallLater(AcceptRetryDelay, () =>
                {
                    if (_server.IsServing)
                    {
                        Start();
                    }
                });
                return;
            }

            throw Errno.Exception(errno);
        }
    }

    protected internal override void OnWritable()
    {
    }

    /// <summary>The connections accepted and not yet handed to the server, in order; queued once per batch.</summary>
    private sealed class Handoff(Listener listener) : IRunnable
    {
        private readonly List<int> _pending = [];
        private bool _queued;

        public void Add(int fd)
        {
            _pending.Add(fd);
            if (!_queued)
            {
                _queued = true;
                listener._server.Loop.Enqueue(this, null, null);
            }
        }

        public void Run(object? state)
        {
            _queued = false;
            int i = 0;
            try
            {
                for (; i < _pending.Count; i++)
                {
                    listener._server.OnAccepted(_pending[i], listener._tcp);
                }
            }
            finally
            {
                // Each descriptor is handed over once, even if a handover threw; the rest go next iteration.
                _pending.RemoveRange(0, Math.Min(i + 1, _pending.Count));
                if (_pending.Count > 0)
                {
                    _queued = true;
                    listener._server.Loop.Enqueue(this, null, null);
                }
            }
        }

        /// <summary>The loop closed with connections still queued: nobody will hand them over.</summary>
        public void CloseAll()
        {
            foreach (int fd in _pending)
            {
                Libc.close(fd);
            }

            _pending.Clear();
        }

        public override string ToString() => $"<accepted connections of {listener}>";
    }
}
