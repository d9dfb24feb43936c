using System.Net.Sockets;

namespace Aio;

/// <summary>
/// The reactor-driven half every socket, datagram and pipe transport shares (asyncio's
/// <c>_SelectorTransport</c>): the descriptor's registration, the protocol, write flow control, and the
/// one way a transport ends. <see cref="Close"/> stops reading and, once the write buffer is empty,
/// schedules <c>ConnectionLost(null)</c>; <see cref="ForceClose"/> (abort, fatal errors) drops the
/// buffer and schedules it at once; <see cref="CallConnectionLost"/> tells the protocol exactly once
/// and then releases the descriptor. The public transport classes cannot share a base class (a
/// datagram transport is not a stream <see cref="Transport"/>), so each owns one of these, and the
/// core is also the transport's <see cref="IoSource"/>: one object per connection, as before.
/// Subclasses own the buffer's shape and the reading and writing system calls.
/// See docs/design/transports.md.
/// </summary>
/// <typeparam name="TProtocol">The protocol kind the transport drives.</typeparam>
internal abstract class SelectorTransportCore<TProtocol> : IoSource
    where TProtocol : BaseProtocol
{
    // asyncio logs a warning once writes keep arriving after the connection was lost this many times.
    private const int LogThresholdForConnLostWrites = 5;

    private readonly WriteFlow _flow = new();
    private bool _readingPaused;

    protected SelectorTransportCore(EventLoop loop, BaseTransport owner, int fd, TProtocol protocol)
        : base(fd)
    {
        Loop = loop;
        Owner = owner;
        Protocol = protocol;
    }

    public EventLoop Loop { get; }

    /// <summary>The public transport this core drives: what the protocol and the exception handler see.</summary>
    public BaseTransport Owner { get; }

    public TProtocol Protocol { get; set; }

    /// <summary>asyncio's <c>_closing</c>: <see cref="Close"/> or an end has begun; nothing more is read.</summary>
    public bool Closing { get; set; }

    /// <summary>asyncio's <c>_conn_lost</c>: non-zero once <c>ConnectionLost</c> is scheduled; counts dropped writes after that.</summary>
    public int ConnLost { get; private set; }

    /// <summary>The descriptor is closed and out of the reactor; its number may already belong to someone else.</summary>
    public bool Released { get; private set; }

    public bool IsReading => !_readingPaused && !Closing;

    /// <summary>Bytes waiting to be sent.</summary>
    public abstract int BufferSize { get; }

    public WriteFlow Flow => _flow;

    /// <summary>
    /// Whether read readiness means the peer hung up rather than data (a pipe's write end): then it is
    /// watched until the buffer has drained, so a reader going away ends a closing transport too.
    /// </summary>
    protected virtual bool ReadWatchIsHangup => false;

    /// <summary>Whether a write is dropped (and counted) rather than sent: asyncio's sockets drop after connection loss, pipes from close on.</summary>
    protected virtual bool DropsWrites => ConnLost > 0;

    public override string ToString() => Owner.ToString()!;

    /// <summary>
    /// asyncio's constructor <c>call_soon</c>s: start watching for reads, <c>ConnectionMade</c>, wake the waiter.
    /// </summary>
    /// <remarks>
    /// The watch comes first so a descriptor the reactor refuses (epoll does not take regular files)
    /// fails the connect with a clear error, before the protocol is told of a connection, and the
    /// descriptor stays the caller's. Readiness is only reported in later iterations, so the protocol
    /// still hears of the connection before any data.
    /// </remarks>
    public void Start(Future<bool>? waiter, bool watchRead) =>
        Loop.Enqueue((Action)(() => StartNow(waiter, watchRead)), null, null);

    /// <summary>Changes one side of the reactor registration.</summary>
    public void Watch(IoEvents side, bool on)
    {
        if (Released)
        {
            return;
        }

        IoEvents now = Registered;
        IoEvents wanted = on ? now | side : now & ~side;
        if (wanted != now)
        {
            Loop.Reactor.SetInterest(this, wanted);
        }
    }

    public void PauseReading()
    {
        if (Closing || _readingPaused)
        {
            return;
        }

        _readingPaused = true;
        Watch(IoEvents.Read, false);
    }

    public void ResumeReading()
    {
        if (Closing || !_readingPaused)
        {
            return;
        }

        _readingPaused = false;
        Watch(IoEvents.Read, true);
    }

    /// <summary>asyncio's <c>close</c>: stop reading; <c>ConnectionLost(null)</c> follows once the buffer is empty.</summary>
    public void Close()
    {
        if (Closing)
        {
            return;
        }

        Closing = true;
        if (BufferSize == 0)
        {
            ConnLost++;
            Watch(IoEvents.Read | IoEvents.Write, false);
            Loop.Enqueue((Action)(() => CallConnectionLost(null)), null, null);
        }
        else if (!ReadWatchIsHangup)
        {
            Watch(IoEvents.Read, false);
        }
    }

    /// <summary>asyncio's <c>_force_close</c> (and <c>abort</c>): drop the buffer and schedule <c>ConnectionLost(error)</c>.</summary>
    public void ForceClose(Exception? error)
    {
        if (ConnLost > 0)
        {
            return;
        }

        ClearBuffer();
        Closing = true;
        Watch(IoEvents.Read | IoEvents.Write, false);
        ConnLost++;
        OnForceClose(error);
        Loop.Enqueue((Action)(() => CallConnectionLost(error)), null, null);
    }

    /// <summary>
    /// asyncio's <c>_fatal_error</c>: an error no awaiter can receive. OS errors are expected (peers
    /// reset, readers go away) and only end the transport; anything else is reported too.
    /// </summary>
    public void FatalError(Exception error, string message)
    {
        if (error is not (IOException or SocketException))
        {
            ReportError(message, error);
        }

        ForceClose(error);
    }

    /// <summary>Sends a callback's failure to the loop's exception handler, naming the transport and protocol.</summary>
    public void ReportError(string message, Exception error) => WriteFlow.Report(Owner, Loop, Protocol, message, error);

    /// <summary>asyncio's <c>_call_connection_lost</c>: tells the protocol once, then releases the descriptor.</summary>
    public void CallConnectionLost(Exception? error)
    {
        if (Released)
        {
            return; // Already done: an Abort after a completed Close must not report twice.
        }

        try
        {
            Protocol.ConnectionLost(error);
        }
        finally
        {
            if (!Released)
            {
                if (Registered != IoEvents.None && !Loop.IsClosed)
                {
                    Loop.Reactor.SetInterest(this, IoEvents.None);
                }

                Released = true;

                // From here the descriptor number may belong to another connection (a server reuses it for
                // the next accept): later writes must be dropped, as writes after a lost connection are.
                ConnLost = Math.Max(ConnLost, 1);
                ReleaseResources();
            }
        }
    }

    /// <summary>
    /// The common start of every write: true if the write is to be dropped (the connection is lost), which
    /// asyncio counts and, past a threshold, logs.
    /// </summary>
    public bool DropWrite()
    {
        if (!DropsWrites)
        {
            return false;
        }

        if (ConnLost >= LogThresholdForConnLostWrites)
        {
            LogDroppedWrite();
        }

        ConnLost++;
        return true;
    }

    public void SetWriteBufferLimits(int? high, int? low)
    {
        _flow.SetLimits(high, low);
        MaybePauseProtocol();
    }

    public void MaybePauseProtocol() => _flow.MaybePause(Owner, Loop, BufferSize, Protocol);

    public void MaybeResumeProtocol() => _flow.MaybeResume(Owner, Loop, BufferSize, Protocol);

    /// <summary>Drops what is buffered (abort, fatal errors).</summary>
    protected abstract void ClearBuffer();

    /// <summary>Closes the descriptor and lets go of what the transport holds; the reactor has let go already.</summary>
    protected abstract void ReleaseResources();

    /// <summary>Something else waiting on the transport (a sendfile) learns it is gone.</summary>
    protected virtual void OnForceClose(Exception? error)
    {
    }

    protected virtual void LogDroppedWrite() => Log.SendAfterConnectionLost(EventLoop.Logger);

    /// <summary>Marks a transport that never started (its descriptor could not be watched) as done, leaving the descriptor to the caller.</summary>
    private void Abandon()
    {
        Released = true;
        Closing = true;
    }

    private void StartNow(Future<bool>? waiter, bool watchRead)
    {
        if (watchRead && IsReading && !Released)
        {
            try
            {
                Watch(IoEvents.Read, true);
            }
            catch (Exception e)
            {
                Abandon();
                var error = new ArgumentException(
                    $"Transports are for pipes, sockets and character devices only; fd {Fd} cannot be watched: {e.Message}", e);
                if (waiter is null || !waiter.TrySetException(error))
                {
                    ReportError("Cannot watch the descriptor", error);
                }

                return;
            }
        }

        try
        {
            Protocol.MadeConnection(Owner);
        }
        catch (Exception e)
        {
            ReportError("Exception in callback Protocol.ConnectionMade()", e);
        }

        waiter?.TrySetResult(true);
    }
}
