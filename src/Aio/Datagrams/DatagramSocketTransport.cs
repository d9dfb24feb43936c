using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Aio.Native;

namespace Aio;

/// <summary>
/// A UDP socket driven by the reactor (asyncio's <c>_SelectorDatagramTransport</c>): one
/// <c>recvfrom</c> per readiness event into the loop's receive buffer; sends go out at once, and
/// datagrams the kernel refuses for now are queued whole until the socket is writable. The lifecycle
/// (close, abort, connection loss, flow control) is the <see cref="SelectorTransportCore{TProtocol}"/>'s.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed unsafe class DatagramSocketTransport : DatagramTransport
{
    private readonly Socket _socket;
    private readonly EndPoint? _remote;
    private readonly Core _core;
    private readonly SocketAddressCache _addresses = new();
    private readonly Queue<(byte[] Data, EndPoint? Address)> _buffer = new();
    private int _bufferSize;

    public DatagramSocketTransport(EventLoop loop, Socket socket, DatagramProtocol protocol, EndPoint? remote, Future<bool>? waiter)
    {
        _socket = socket;
        _remote = remote;
        _core = new Core(loop, this, EventLoop.SocketFd(socket), protocol);
        SetExtra("socket", socket);
        SetExtra("sockname", socket.LocalEndPoint);
        SetExtra("peername", remote);
        _core.Start(waiter, watchRead: true);
    }

    public override bool IsClosing => _core.Closing;

    public override string ToString() =>
        $"<DatagramSocketTransport{(_core.Released ? " closed" : _core.Closing ? " closing" : string.Empty)} fd={_core.Fd}>";

    public override BaseProtocol GetProtocol() => _core.Protocol;

    public override void SetProtocol(BaseProtocol protocol) =>
        _core.Protocol = protocol as DatagramProtocol ?? throw new ArgumentException("A datagram transport needs a DatagramProtocol.", nameof(protocol));

    public override int GetWriteBufferSize() => _bufferSize;

    public override (int Low, int High) GetWriteBufferLimits() => (_core.Flow.Low, _core.Flow.High);

    public override void SetWriteBufferLimits(int? high = null, int? low = null) => _core.SetWriteBufferLimits(high, low);

    public override void Close() => _core.Close();

    public override void Abort() => _core.ForceClose(null);

    public override void SendTo(ReadOnlySpan<byte> data, EndPoint? address = null)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (_remote is not null)
        {
            if (address is not null && !address.Equals(_remote))
            {
                throw new ArgumentException($"Invalid address: must be None or {_remote}", nameof(address));
            }

            address = null;
        }
        else if (address is null)
        {
            throw new ArgumentException("The endpoint is not connected: give the destination address.", nameof(address));
        }

        if (_core.DropWrite())
        {
            return;
        }

        if (_buffer.Count == 0)
        {
            int errno = Send(data, address);
            if (errno == 0)
            {
                return;
            }

            if (!Errno.IsWouldBlock(errno))
            {
                ReportError(errno);
                return;
            }

            _core.Watch(IoEvents.Write, true);
        }

        _buffer.Enqueue((data.ToArray(), address));
        _bufferSize += data.Length;
        _core.MaybePauseProtocol();
    }

    private int Send(ReadOnlySpan<byte> data, EndPoint? address)
    {
        nint n;
        fixed (byte* p = data)
        {
            if (address is null)
            {
                n = Libc.send(_core.Fd, p, (nuint)data.Length, Errno.MsgNoSignal);
            }
            else
            {
                SocketAddress native = _addresses.Destination(address);
                fixed (byte* a = native.Buffer.Span)
                {
                    n = Libc.sendto(_core.Fd, p, (nuint)data.Length, Errno.MsgNoSignal, a, native.Size);
                }
            }
        }

        return n >= 0 ? 0 : Errno.Last;
    }

    private void ReadReady()
    {
        if (_core.ConnLost > 0)
        {
            return;
        }

        Span<byte> buffer = _core.Loop.Reactor.ReceiveBuffer;
        byte* native = stackalloc byte[128];
        int length = 128;
        nint n;
        fixed (byte* p = buffer)
        {
            n = Libc.recvfrom(_core.Fd, p, (nuint)buffer.Length, 0, native, &length);
        }

        if (n < 0)
        {
            int errno = Errno.Last;
            if (!Errno.IsWouldBlock(errno))
            {
                ReportError(errno);
            }

            return;
        }

        EndPoint sender = _remote ?? _addresses.Sender(new ReadOnlySpan<byte>(native, length), _socket.AddressFamily);
        try
        {
            _core.Protocol.DatagramReceived(buffer[..(int)n], sender);
        }
        catch (Exception e)
        {
            _core.FatalError(e, "Fatal error: DatagramProtocol.DatagramReceived() call failed.");
        }
    }

    private void WriteReady()
    {
        while (_buffer.TryPeek(out (byte[] Data, EndPoint? Address) next))
        {
            int errno = Send(next.Data, next.Address);
            if (Errno.IsWouldBlock(errno) && errno != 0)
            {
                break;
            }

            _buffer.Dequeue();
            _bufferSize -= next.Data.Length;
            if (errno != 0)
            {
                ReportError(errno);
                return;
            }
        }

        _core.MaybeResumeProtocol();
        if (_buffer.Count == 0)
        {
            _core.Watch(IoEvents.Write, false);
            if (_core.Closing)
            {
                _core.CallConnectionLost(null);
            }
        }
    }

    /// <summary>An OS error on a datagram socket is reported and the endpoint stays open (asyncio's <c>error_received</c>).</summary>
    private void ReportError(int errno)
    {
        try
        {
            _core.Protocol.ErrorReceived(Errno.Exception(errno));
        }
        catch (Exception e)
        {
            _core.FatalError(e, "Fatal error: DatagramProtocol.ErrorReceived() call failed.");
        }
    }

    /// <summary>The endpoint's registration with the reactor and its share of the common lifecycle.</summary>
    private sealed class Core(EventLoop loop, DatagramSocketTransport owner, int fd, DatagramProtocol protocol)
        : SelectorTransportCore<DatagramProtocol>(loop, owner, fd, protocol)
    {
        public override int BufferSize => owner._bufferSize;

        protected internal override void OnReadable() => owner.ReadReady();

        protected internal override void OnWritable() => owner.WriteReady();

        protected override void ClearBuffer()
        {
            owner._buffer.Clear();
            owner._bufferSize = 0;
        }

        protected override void ReleaseResources() => owner._socket.Dispose();
    }
}
