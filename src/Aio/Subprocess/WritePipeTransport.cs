using Aio.Native;

namespace Aio;

/// <summary>
/// The write end of a pipe (asyncio's <c>_UnixWritePipeTransport</c>): a child's stdin. It also
/// watches its descriptor for readability, which on a pipe's write end means the reader went away.
/// </summary>
internal sealed class WritePipeTransport : PipeTransportBase<BaseProtocol>
{
    public WritePipeTransport(EventLoop loop, int fd, BaseProtocol protocol, Future<bool>? waiter = null)
        : base(fd)
    {
        Core = new WriteCore(loop, this, fd, protocol);

        // asyncio watches a write pipe for reads (the reader closing it) only for pipes and sockets: a
        // terminal turns readable when the user types, which would close the transport.
        Core.Start(waiter, watchRead: Libc.isatty(fd) == 0);
    }

    public override bool IsReading => false;

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (!data.IsEmpty)
        {
            Core.Write(data);
        }
    }

    public override bool CanWriteEof() => true;

    /// <summary>A pipe has no half-close: asyncio's <c>write_eof</c> is its close.</summary>
    public override void WriteEof() => Core.Close();

    public override void PauseReading() => throw new NotSupportedException("A write pipe cannot be read from.");

    public override void ResumeReading() => throw new NotSupportedException("A write pipe cannot be read from.");

    private sealed class WriteCore(EventLoop loop, WritePipeTransport owner, int fd, BaseProtocol protocol) : PipeCore(loop, owner, fd, protocol)
    {
        protected override bool ReadWatchIsHangup => true;

        /// <summary>asyncio's pipe drops writes from <c>close</c> on, not only once the connection is lost.</summary>
        protected override bool DropsWrites => ConnLost > 0 || Closing;

        /// <summary>Readable on a write end: the reader closed its end (asyncio's <c>_read_ready</c>).</summary>
        protected internal override void OnReadable()
        {
            if (BufferSize > 0)
            {
                ForceClose(new IOException("Broken pipe", 32));
            }
            else
            {
                ForceClose(null);
            }
        }

        protected internal override void OnWritable() => WriteBuffered();

        protected override void LogDroppedWrite() => Log.PipeWriteAfterConnectionLost(EventLoop.Logger);
    }
}
