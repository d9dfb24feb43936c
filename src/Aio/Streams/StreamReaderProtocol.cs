using System.Net.Sockets;

namespace Aio;

/// <summary>
/// Adapts a transport to an <see cref="AioStreamReader"/> and <see cref="AioStreamWriter"/> (asyncio's
/// <c>StreamReaderProtocol</c> with its <c>FlowControlMixin</c>): received data is fed to the reader,
/// pause/resume writing drives <see cref="AioStreamWriter.DrainAsync"/>, and for servers the client
/// callback starts as a task when the connection is made.
/// </summary>
internal sealed class StreamReaderProtocol : Protocol
{
    private readonly EventLoop _loop;
    private readonly Func<AioStreamReader, AioStreamWriter, Coroutine>? _clientConnected;
    private readonly Future<bool> _closed;
    private AioStreamReader? _reader;
    private List<Future<bool>>? _drainWaiters;
    private bool _paused;
    private bool _connectionLost;

    public StreamReaderProtocol(AioStreamReader? reader, EventLoop loop, Func<AioStreamReader, AioStreamWriter, Coroutine>? clientConnected = null)
    {
        _reader = reader;
        _loop = loop;
        _clientConnected = clientConnected;
        _closed = loop.CreateFuture<bool>();
    }

    /// <summary>Completes when the connection is lost; fails with the error that broke it, if any.</summary>
    public Future<bool> Closed => _closed;

    /// <summary>The writer made for a server connection.</summary>
    public AioStreamWriter? Writer { get; private set; }

    /// <summary>The task running the client callback, for a server connection.</summary>
    public AioTask? ClientTask { get; private set; }

    public override void ConnectionMade(Transport transport)
    {
        _reader?.SetTransport(transport);
        if (_clientConnected is not null)
        {
            Writer = new AioStreamWriter(transport, this, _reader);
            ClientTask = _loop.CreateTask(_clientConnected(_reader!, Writer));

            // Python 3.12: a callback that fails or is cancelled closes its connection, and a failure is reported.
            ClientTask.AddDoneCallback(task =>
            {
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
            });
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

        if (!_closed.IsDone)
        {
            if (exception is null)
            {
                _closed.SetResult(true);
            }
            else
            {
                _closed.SetException(exception);
                // Nobody has to await WaitClosed: do not report the error as never retrieved (asyncio's __del__ does the same).
                _closed.MarkExceptionRetrieved();
            }
        }

        _connectionLost = true;
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
        Writer = null;
        ClientTask = null;
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
}
