using Aio.Native;

namespace Aio;

/// <summary>
/// The write end of a pipe (asyncio's <c>_UnixWritePipeTransport</c>): a child's stdin. It also
/// watches its descriptor for readability, which on a pipe's write end means the reader went away.
/// </summary>
internal sealed class WritePipeTransport : PipeTransportBase
{
    private const int LogThresholdForConnLostWrites = 5;

    private readonly ByteQueue _buffer = new();

    public WritePipeTransport(EventLoop loop, int fd, BaseProtocol protocol, Future<bool>? waiter = null)
        : base(loop, fd, protocol)
    {
        // asyncio watches a write pipe for reads (the reader closing it) only for pipes and sockets: a
        // terminal turns readable when the user types, which would close the transport.
        Start(waiter, () => (protocol as Protocol)?.ConnectionMade(this), watchRead: Libc.isatty(fd) == 0);
    }

    public override bool IsReading => false;

    public override int GetWriteBufferSize() => _buffer.Count;

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (ConnLost > 0 || Closing)
        {
            if (ConnLost >= LogThresholdForConnLostWrites)
            {
                Log.PipeWriteAfterConnectionLost(EventLoop.Logger);
            }

            ConnLost++;
            return;
        }

        if (_buffer.Count == 0)
        {
            int n = SocketIo.Write(Fd, data, out int errno);
            if (n < 0)
            {
                if (!Errno.IsWouldBlock(errno))
                {
                    ConnLost++;
                    FatalError(PipeError(errno), "Fatal write error on pipe transport");
                    return;
                }

                n = 0;
            }

            if (n == data.Length)
            {
                return;
            }

            data = data[n..];
            Watch(IoEvents.Write, true);
        }

        _buffer.Append(data);
        MaybePauseProtocol();
    }

    public override bool CanWriteEof() => true;

    public override void WriteEof()
    {
        if (Closing)
        {
            return;
        }

        Closing = true;
        if (_buffer.Count == 0)
        {
            Watch(IoEvents.Read, false);
            ConnLost++;
            Loop.Enqueue((Action)(() => CallConnectionLost(null)), null, null);
        }
    }

    public override void Close()
    {
        if (!Closing)
        {
            WriteEof();
        }
    }

    public override void Abort() => CloseWith(null);

    public override void PauseReading() => throw new NotSupportedException("A write pipe cannot be read from.");

    public override void ResumeReading() => throw new NotSupportedException("A write pipe cannot be read from.");

    protected override void CloseWith(Exception? error)
    {
        _buffer.Clear();
        base.CloseWith(error);
    }

    /// <summary>Readable on a write end: the reader closed its end (asyncio's <c>_read_ready</c>).</summary>
    protected override void ReadReady()
    {
        if (_buffer.Count > 0)
        {
            CloseWith(new IOException("Broken pipe", 32));
        }
        else
        {
            CloseWith(null);
        }
    }

    protected override void WriteReady()
    {
        if (_buffer.Count == 0)
        {
            return;
        }

        int n = SocketIo.Write(Fd, _buffer.Pending, out int errno);
        if (n < 0)
        {
            if (!Errno.IsWouldBlock(errno))
            {
                _buffer.Clear();
                ConnLost++;
                Watch(IoEvents.Write, false);
                FatalError(PipeError(errno), "Fatal write error on pipe transport");
            }

            return;
        }

        _buffer.Consume(n);
        if (_buffer.Count > 0)
        {
            return;
        }

        Watch(IoEvents.Write, false);
        MaybeResumeProtocol();
        if (Closing)
        {
            Watch(IoEvents.Read, false);
            CallConnectionLost(null);
        }
    }
}
