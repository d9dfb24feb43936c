using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using Aio.Native;

namespace Aio;

/// <summary>
/// A listening server (asyncio's <c>Server</c>), returned by <c>Asyncio.StartServer</c> and
/// <c>EventLoop.CreateServerAsync</c>.
/// <c>await using</c> it to close the listeners and wait for the connections it accepted to end.
/// </summary>
/// <remarks>
/// <see cref="WaitClosedAsync"/> follows Python 3.12: it returns once the server is closed and every
/// connection it accepted has been closed (3.11 returned as soon as the listeners were closed).
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AioServer : IAsyncDisposable
{
    private readonly Func<BaseProtocol> _factory;
    private readonly string? _unixPath;
    private readonly SslServerAuthenticationOptions? _ssl;
    private Listener[]? _listeners;
    private List<Future<bool>>? _waiters = new();
    private Future<bool>? _servingForever;
    private int _activeCount;

    internal AioServer(EventLoop loop, IReadOnlyList<Socket> sockets, Func<BaseProtocol> factory, int backlog, string? unixPath = null, SslServerAuthenticationOptions? ssl = null)
    {
        Loop = loop;
        _factory = factory;
        _unixPath = unixPath;
        _ssl = ssl;
        Backlog = backlog;
        _listeners = sockets.Select(s => new Listener(this, s)).ToArray();
        loop.TrackResource(this);
    }

    /// <summary>The loop the server runs on (asyncio's <c>get_loop()</c>).</summary>
    public EventLoop Loop { get; }

    /// <summary>The listening sockets (asyncio's <c>sockets</c>); empty once closed. Use them for the ports bound.</summary>
    public IReadOnlyList<Socket> Sockets => _listeners?.Select(l => l.Socket).ToArray() ?? [];

    /// <summary>Whether the server accepts connections (asyncio's <c>is_serving()</c>).</summary>
    public bool IsServing { get; private set; }

    /// <summary>How many connections accepted by this server are still open.</summary>
    public int ActiveConnections => _activeCount;

    internal int Backlog { get; }

    /// <summary>Describes the server.</summary>
    public override string ToString() =>
        $"<AioServer sockets=({string.Join(", ", Sockets.Select(s => s.LocalEndPoint))}) serving={IsServing} connections={_activeCount}>";

    /// <summary>Starts accepting, if not already (asyncio's <c>start_serving()</c>); yields one iteration so the listeners are registered.</summary>
    /// <remarks>Cancel safety: cancelling it only cancels the yield; the server keeps serving.</remarks>
    public async Coroutine StartServingAsync()
    {
        StartServing();
        await Asyncio.Sleep(0);
    }

    /// <summary>
    /// Serves until cancelled (asyncio's <c>serve_forever()</c>). Cancelling it closes the server and
    /// waits for it to close before the <see cref="CancelledError"/> propagates.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another <c>ServeForeverAsync</c> is running, or the server is closed.</exception>
    public async Coroutine ServeForeverAsync()
    {
        if (_servingForever is not null)
        {
            throw new InvalidOperationException($"server {this} is already being awaited on ServeForeverAsync()");
        }

        if (_listeners is null)
        {
            throw new InvalidOperationException($"server {this} is closed");
        }

        StartServing();
        _servingForever = Loop.CreateFuture<bool>();
        try
        {
            await _servingForever;
        }
        catch (CancelledError)
        {
            Close();
            await WaitClosedAsync();
            throw;
        }
        finally
        {
            _servingForever = null;
        }
    }

    /// <summary>
    /// Stops listening and closes the listening sockets (asyncio's <c>close()</c>). Connections already
    /// accepted stay open; <see cref="WaitClosedAsync"/> waits for them.
    /// </summary>
    public void Close()
    {
        Listener[]? listeners = _listeners;
        if (listeners is null)
        {
            return;
        }

        _listeners = null;
        Loop.UntrackResource(this);
        foreach (Listener listener in listeners)
        {
            listener.Stop();
            listener.Socket.Dispose();
        }

        if (_unixPath is not null)
        {
            UnixSockets.RemoveSocketFile(_unixPath);
        }

        IsServing = false;
        if (_servingForever is { IsDone: false } forever)
        {
            forever.Cancel();
            _servingForever = null;
        }

        if (_activeCount == 0)
        {
            WakeUp();
        }
    }

    /// <summary>Waits until the server is closed and every connection it accepted has ended (asyncio's <c>wait_closed()</c>).</summary>
    /// <remarks>Cancel safety: if cancelled while waiting, the server is unaffected.</remarks>
    public async Coroutine WaitClosedAsync()
    {
        if (_waiters is null)
        {
            return;
        }

        var waiter = Loop.CreateFuture<bool>();
        _waiters.Add(waiter);
        await waiter;
    }

    /// <summary>Closes the server and waits for it to close (asyncio's <c>async with server</c>).</summary>
    public ValueTask DisposeAsync()
    {
        Close();
        if (_waiters is null)
        {
            return default;
        }

        var done = new TaskCompletionSource();
        var waiter = Loop.CreateFuture<bool>();
        _waiters.Add(waiter);
        waiter.AddDoneCallback(_ => done.TrySetResult());
        return new ValueTask(done.Task);
    }

    internal void Attach() => _activeCount++;

    internal void Detach()
    {
        _activeCount--;
        if (_activeCount == 0 && _listeners is null)
        {
            WakeUp();
        }
    }

    internal void StartServing()
    {
        if (IsServing || _listeners is null)
        {
            return;
        }

        IsServing = true;
        foreach (Listener listener in _listeners)
        {
            listener.Socket.Listen(Backlog);
            listener.Start();
        }
    }

    /// <summary>A connection was accepted: make its protocol and transport (asyncio's <c>_accept_connection2</c>).</summary>
    internal void OnAccepted(int connection, bool tcp)
    {
        if (_listeners is null)
        {
            // Accepted in the iteration that closed the server: refused, as asyncio's Server._attach
            // refuses it, so no handler starts after WaitClosedAsync has returned.
            Libc.close(connection);
            return;
        }

        Socket? socket = null;
        try
        {
            BaseProtocol protocol = _factory();
            if (_ssl is null)
            {
                _ = new SocketTransport(Loop, connection, tcp, protocol, this);
            }
            else
            {
                socket = SocketIo.Wrap(connection);
                _ = TlsTransport.StartServer(Loop, socket, protocol, _ssl, this);
            }
        }
        catch (Exception e)
        {
            if (socket is not null)
            {
                socket.Dispose();
            }
            else
            {
                Libc.close(connection);
            }

            if (Loop.Debug)
            {
                Loop.CallExceptionHandler(new ExceptionContext("Error on transport creation for incoming connection") { Exception = e });
            }
        }
    }

    private void WakeUp()
    {
        List<Future<bool>>? waiters = _waiters;
        _waiters = null;
        if (waiters is null)
        {
            return;
        }

        foreach (Future<bool> waiter in waiters)
        {
            waiter.TrySetResult(true);
        }
    }
}
