using System.Net.Sockets;

namespace Aio;

/// <summary>
/// Adapts a transport to an <see cref="AioStreamReader"/> and <see cref="AioStreamWriter"/> (asyncio's
/// <c>StreamReaderProtocol</c> with its <c>FlowControlMixin</c>): received data is fed to the reader,
/// pause/resume writing drives <see cref="AioStreamWriter.DrainAsync"/>, and for servers the client
/// callback starts as a task when the connection is made.
/// </summary>
internal sealed class StreamReaderProtocol : Protocol, IRunnable
{
    private readonly EventLoop _loop;
    private readonly Func<AioStreamReader, AioStreamWriter, Coroutine>? _clientConnected;
    private AioStreamReader? _reader;
    private Transport? _transport;

    // Made when someone asks (WaitClosedAsync); until then the outcome is kept in _connectionLost and
    // _lostError, so an idle connection holds no future (issue 12).
    private Future<bool>? _closed;
    private Exception? _lostError;
    private List<Future<bool>>? _drainWaiters;
    private bool _paused;
    private bool _connectionLost;

    public StreamReaderProtocol(AioStreamReader? reader, EventLoop loop, Func<AioStreamReader, AioStreamWriter, Coroutine>? clientConnected = null)
    {
        _reader = reader;
        _loop = loop;
        _clientConnected = clientConnected;
    }

    /// <summary>Completes when the connection is lost; fails with the error that broke it, if any.</summary>
    public Future<bool> Closed => _closed ??= NewClosed();

    public override void ConnectionMade(Transport transport)
    {
        _reader?.SetTransport(transport);
        if (_clientConnected is not null)
        {
            _transport = transport;
            AioTask task = _loop.CreateTask(_clientConnected(_reader!, new AioStreamWriter(transport, this, _reader)));

            // The protocol itself is the done callback (Run below): no delegate and closure per connection.
            task.AddCallbackEntry(this, null);
        }
    }

    /// <summary>
    /// The client callback's task is done (Python 3.12): a callback that fails or is cancelled closes
    /// its connection, and a failure is reported.
    /// </summary>
    void IRunnable.Run(object? state)
    {
        var task = (Future)state!;
        Transport transport = _transport!;
        _transport = null;
        if (task.IsCancelled)
        {
            transport.Close();
            return;
        }

        if (task.Exception is { } error)
        {
            _loop.CallExceptionHandler(new ExceptionContext("Unhandled exception in client_connected_cb")
            {
                Exception = error,
                Extra = { ["transport"] = transport },
            });
            transport.Close();
        }
    }

    public override void ConnectionLost(Exception? exception)
    {
        if (_reader is { } reader)
        {
            if (exception is null)
            {
                reader.FeedEof();
            }
            else
            {
                reader.SetException(exception);
            }
        }

        _connectionLost = true;
        _lostError = exception;
        if (_closed is { IsDone: false } closed)
        {
            Complete(closed, exception);
        }

        if (_paused && _drainWaiters is not null)
        {
            foreach (Future<bool> waiter in _drainWaiters)
            {
                if (exception is null)
                {
                    waiter.TrySetResult(true);
                }
                else
                {
                    waiter.TrySetException(exception);
                }
            }
        }

        _reader = null;
    }

    public override void DataReceived(ReadOnlySpan<byte> data) => _reader?.FeedData(data);

    public override bool EofReceived()
    {
        _reader?.FeedEof();
        return true;
    }

    public override void PauseWriting() => _paused = true;

    public override void ResumeWriting()
    {
        _paused = false;
        if (_drainWaiters is not null)
        {
            foreach (Future<bool> waiter in _drainWaiters)
            {
                waiter.TrySetResult(true);
            }
        }
    }

    /// <summary>
    /// What <c>Drain</c> must wait on (asyncio's <c>_drain_helper</c>): null when writing is not paused,
    /// so the common case neither allocates nor yields.
    /// </summary>
    /// <exception cref="SocketException">The connection was lost (asyncio's <c>ConnectionResetError('Connection lost')</c>).</exception>
    public Future<bool>? DrainWaiter()
    {
        if (_connectionLost)
        {
            throw new SocketException((int)SocketError.ConnectionReset, "Connection lost");
        }

        if (!_paused)
        {
            return null;
        }

        var waiter = _loop.CreateFuture<bool>();
        (_drainWaiters ??= new()).Add(waiter);
        return waiter;
    }

    public void RemoveDrainWaiter(Future<bool> waiter) => _drainWaiters?.Remove(waiter);

    private static void Complete(Future<bool> closed, Exception? exception)
    {
        if (exception is null)
        {
            closed.SetResult(true);
        }
        else
        {
            closed.SetException(exception);
            // Nobody has to await WaitClosed: do not report the error as never retrieved (asyncio's __del__ does the same).
            closed.MarkExceptionRetrieved();
        }
    }

    private Future<bool> NewClosed()
    {
        Future<bool> closed = _loop.CreateFuture<bool>();
        if (_connectionLost)
        {
            Complete(closed, _lostError);
        }

        return closed;
    }
}
