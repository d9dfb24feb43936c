using System.Net.Sockets;
using Aio.Native;

namespace Aio;

/// <summary>
/// One listening socket of an <see cref="AioServer"/> (asyncio's <c>_accept_connection</c> reader):
/// on readiness it accepts up to a backlog of connections, each handed to the server on the next
/// iteration, as asyncio hands each to a task. Running out of descriptors pauses accepting for a
/// second instead of spinning.
/// </summary>
internal sealed class Listener : IoSource
{
    private const double AcceptRetryDelay = 1;

    private readonly AioServer _server;
    private readonly bool _tcp;

    public Listener(AioServer server, Socket socket)
        : base(EventLoop.SocketFd(socket))
    {
        _server = server;
        Socket = socket;
        _tcp = socket.ProtocolType == ProtocolType.Tcp;
    }

    public Socket Socket { get; }

    public override string ToString() => $"<Listener fd={Fd} {Socket.LocalEndPoint}>";

    public void Start() => _server.Loop.Reactor.SetInterest(this, IoEvents.Read);

    public void Stop()
    {
        if (Registered != IoEvents.None && !_server.Loop.IsClosed)
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
                loop.Enqueue((Action)(() => _server.OnAccepted(conn, _tcp)), null, null);
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
}
