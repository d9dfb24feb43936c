using Aio.Native;

namespace Aio;

/// <summary>The read end of a pipe (asyncio's <c>_UnixReadPipeTransport</c>): a child's stdout or stderr.</summary>
internal sealed class ReadPipeTransport : PipeTransportBase
{
    private readonly Protocol _protocol;
    private bool _paused;

    public ReadPipeTransport(EventLoop loop, int fd, Protocol protocol, Future<bool>? waiter = null)
        : base(loop, fd, protocol)
    {
        _protocol = protocol;
        Start(waiter, () => protocol.ConnectionMade(this), watchRead: true);
    }

    public override bool IsReading => !_paused && !Closing;

    public override void PauseReading()
    {
        if (Closing || _paused)
        {
            return;
        }

        _paused = true;
        Watch(IoEvents.Read, false);
    }

    public override void ResumeReading()
    {
        if (Closing || !_paused)
        {
            return;
        }

        _paused = false;
        Watch(IoEvents.Read, true);
    }

    public override void Close()
    {
        if (!Closing)
        {
            CloseWith(null);
        }
    }

    public override void Abort() => CloseWith(null);

    public override void Write(ReadOnlySpan<byte> data) => throw new NotSupportedException("A read pipe cannot be written to.");

    public override void WriteEof() => throw new NotSupportedException("A read pipe cannot be written to.");

    public override bool CanWriteEof() => false;

    public override int GetWriteBufferSize() => 0;

    protected override void ReadReady()
    {
        Span<byte> buffer = Loop.Reactor.ReceiveBuffer;
        int n = SocketIo.Read(Fd, buffer, out int errno);
        if (n < 0)
        {
            if (!Errno.IsWouldBlock(errno))
            {
                FatalError(PipeError(errno), "Fatal read error on pipe transport");
            }

            return;
        }

        if (n > 0)
        {
            try
            {
                _protocol.DataReceived(buffer[..n]);
            }
            catch (Exception e)
            {
                FatalError(e, "Fatal error: Protocol.DataReceived() call failed.");
            }

            return;
        }

        // End of file: the writer closed its end.
        Closing = true;
        Watch(IoEvents.Read, false);
        Loop.Enqueue((Action)(() => _protocol.EofReceived()), null, null);
        Loop.Enqueue((Action)(() => CallConnectionLost(null)), null, null);
    }
}
