using System.Diagnostics;
using Aio.Native;

namespace Aio;

/// <summary>
/// What the read and write pipe transports share (asyncio's <c>_UnixReadPipeTransport</c> and
/// <c>_UnixWritePipeTransport</c>) beyond the common <see cref="StreamTransportCore{TProtocol}"/>: a
/// non-blocking descriptor used with <c>read</c>/<c>write</c>, closed with <c>close</c> at the end.
/// Pipes are one-way, so the operations of the other direction throw <see cref="NotSupportedException"/>.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
internal abstract class PipeTransportBase<TProtocol> : SelectorStreamTransport<TProtocol>
    where TProtocol : BaseProtocol
{
    protected PipeTransportBase(int fd)
    {
        SocketIo.SetNonBlocking(fd);
        SetExtra("pipe", fd);
    }

    public override string ToString() => $"<{GetType().Name}{State} fd={Core.Fd}>";

    public override void SetProtocol(BaseProtocol protocol) =>
        Core.Protocol = protocol as TProtocol ?? throw new ArgumentNullException(nameof(protocol));

    /// <summary>The system calls and release of a pipe's descriptor.</summary>
    protected abstract class PipeCore(EventLoop loop, BaseTransport owner, int fd, TProtocol protocol)
        : StreamTransportCore<TProtocol>(loop, owner, fd, protocol)
    {
        protected override string Kind => "pipe";

        protected override int Send(ReadOnlySpan<byte> data, out int errno) => SocketIo.Write(Fd, data, out errno);

        protected override int Receive(Span<byte> buffer, out int errno) => SocketIo.Read(Fd, buffer, out errno);

        /// <summary>An I/O error as the exception a pipe reports.</summary>
        protected override Exception OsError(int errno) =>
            new IOException(System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno), errno);

        protected override void ReleaseResources() => Libc.close(Fd);
    }
}
