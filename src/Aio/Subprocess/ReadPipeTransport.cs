namespace Aio;

/// <summary>The read end of a pipe (asyncio's <c>_UnixReadPipeTransport</c>): a child's stdout or stderr.</summary>
internal sealed class ReadPipeTransport : PipeTransportBase<Protocol>
{
    public ReadPipeTransport(EventLoop loop, int fd, Protocol protocol, Future<bool>? waiter = null)
        : base(fd)
    {
        Core = new ReadCore(loop, this, fd, protocol);
        Core.Start(waiter, watchRead: true);
    }

    public override void Write(ReadOnlySpan<byte> data) => throw new NotSupportedException("A read pipe cannot be written to.");

    public override void WriteEof() => throw new NotSupportedException("A read pipe cannot be written to.");

    public override bool CanWriteEof() => false;

    private sealed class ReadCore(EventLoop loop, ReadPipeTransport owner, int fd, Protocol protocol) : PipeCore(loop, owner, fd, protocol)
    {
        protected internal override void OnReadable() => ReadInto(Protocol);

        protected internal override void OnWritable()
        {
        }

        /// <summary>End of file, the writer closed its end: asyncio calls <c>eof_received</c> and <c>connection_lost</c> in turn, ignoring the former's answer.</summary>
        protected override void OnEof(StreamProtocol protocol)
        {
            Closing = true;
            Watch(IoEvents.Read, false);
            Loop.Enqueue((Action)(() => protocol.EofReceived()), null, null);
            Loop.Enqueue((Action)(() => CallConnectionLost(null)), null, null);
        }
    }
}
