using System.Diagnostics;
using Aio.Native;

namespace Aio;

/// <summary>
/// What the read and write pipe transports share (asyncio's <c>_UnixReadPipeTransport</c> and
/// <c>_UnixWritePipeTransport</c>): a non-blocking descriptor registered with the reactor, a
/// protocol, and closing that calls <c>ConnectionLost</c> once and then closes the descriptor.
/// Pipes are one-way, so the operations of the other direction throw <see cref="NotSupportedException"/>.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
internal abstract class PipeTransportBase : FlowControlTransport
{
    private readonly Source _source;
    private bool _released;

    protected PipeTransportBase(EventLoop loop, int fd, BaseProtocol protocol)
        : base(loop)
    {
        Fd = fd;
        Protocol = protocol;
        _source = new Source(this);
        SocketIo.SetNonBlocking(fd);
        SetExtra("pipe", fd);
    }

    public int Fd { get; }

    public override bool IsClosing => Closing;

    protected BaseProtocol Protocol { get; private set; }

    protected bool Closing { get; set; }

    protected int ConnLost { get; set; }

    protected override BaseProtocol? FlowProtocol => Protocol;

    public override string ToString() => $"<{GetType().Name}{(_released ? " closed" : Closing ? " closing" : string.Empty)} fd={Fd}>";

    public override BaseProtocol GetProtocol() => Protocol;

    public override void SetProtocol(BaseProtocol protocol) => Protocol = protocol ?? throw new ArgumentNullException(nameof(protocol));

    /// <summary>Schedules watching for readability (optionally), connection_made, then the waiter.</summary>
    /// <remarks>
    /// The watch comes first so a descriptor the reactor refuses (epoll does not take regular files)
    /// fails the connect with a clear error, before the protocol is told of a connection, and the
    /// descriptor stays the caller's. Readiness is only reported in later iterations, so the protocol
    /// still hears of the connection before any data.
    /// </remarks>
    protected void Start(Future<bool>? waiter, Action connectionMade, bool watchRead)
    {
        Loop.Enqueue(
            (Action)(() =>
            {
                if (watchRead && !Closing)
                {
                    try
                    {
                        Watch(IoEvents.Read, true);
                    }
                    catch (Exception e)
                    {
                        _released = true;
                        Closing = true;
                        var error = new ArgumentException(
                            $"Pipe transport is for pipes, sockets and character devices only; fd {Fd} cannot be watched: {e.Message}", e);
                        if (waiter is null || !waiter.TrySetException(error))
                        {
                            ReportProtocolError("Cannot watch the pipe", error);
                        }

                        return;
                    }
                }

                try
                {
                    connectionMade();
                }
                catch (Exception e)
                {
                    ReportProtocolError("Exception in callback Protocol.ConnectionMade()", e);
                }

                waiter?.TrySetResult(true);
            }),
            null,
            null);
    }

    protected void Watch(IoEvents side, bool on)
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

    protected void FatalError(Exception error, string message)
    {
        if (error is not IOException)
        {
            ReportProtocolError(message, error);
        }

        CloseWith(error);
    }

    /// <summary>Stops everything and schedules <c>ConnectionLost(error)</c> (asyncio's <c>_close</c>).</summary>
    protected virtual void CloseWith(Exception? error)
    {
        Closing = true;
        Watch(IoEvents.Read, false);
        Watch(IoEvents.Write, false);
        ConnLost++;
        Loop.Enqueue((Action)(() => CallConnectionLost(error)), null, null);
    }

    protected void CallConnectionLost(Exception? error)
    {
        if (_released)
        {
            return; // Already done: ConnectionLost is reported once.
        }

        try
        {
            Protocol.ConnectionLost(error);
        }
        finally
        {
            if (!_released)
            {
                Watch(IoEvents.Read, false);
                Watch(IoEvents.Write, false);
                _released = true;
                Libc.close(Fd);
            }
        }
    }

    /// <summary>An I/O error as the exception a pipe reports.</summary>
    protected static IOException PipeError(int errno) =>
        new(System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno), errno);

    protected abstract void ReadReady();

    protected virtual void WriteReady()
    {
    }

    private sealed class Source(PipeTransportBase owner) : IoSource(owner.Fd)
    {
        public override string ToString() => owner.ToString();

        protected internal override void OnReadable() => owner.ReadReady();

        protected internal override void OnWritable() => owner.WriteReady();
    }
}
