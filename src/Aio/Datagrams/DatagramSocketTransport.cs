using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Aio.Native;

namespace Aio;

/// <summary>
/// A UDP socket driven by the reactor (asyncio's <c>_SelectorDatagramTransport</c>): one
/// <c>recvfrom</c> per readiness event into the loop's receive buffer; sends go out at once, and
/// datagrams the kernel refuses for now are queued whole until the socket is writable.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed unsafe class DatagramSocketTransport : DatagramTransport
{
    private const int LogThresholdForConnLostWrites = 5;

    private readonly EventLoop _loop;
    private readonly Socket _socket;
    private readonly int _fd;
    private readonly EndPoint? _remote;
    private readonly Source _source;
    private readonly WriteFlow _flow = new();
    private readonly SocketAddressCache _addresses = new();
    private readonly Queue<(byte[] Data, EndPoint? Address)> _buffer = new();
    private DatagramProtocol _protocol;
    private int _bufferSize;
    private int _connLost;
    private bool _closing;
    private bool _released;

    public DatagramSocketTransport(EventLoop loop, Socket socket, DatagramProtocol protocol, EndPoint? remote, Future<bool>? waiter)
    {
        _loop = loop;
        _socket = socket;
        _fd = EventLoop.SocketFd(socket);
        _protocol = protocol;
        _remote = remote;
        _source = new Source(this);
        SetExtra("socket", socket);
        SetExtra("sockname", socket.LocalEndPoint);
        SetExtra("peername", remote);
        loop.Enqueue(
            (Action)(() =>
            {
                try
                {
                    _protocol.ConnectionMade(this);
                }
                catch (Exception e)
                {
                    WriteFlow.Report(this, _loop, _protocol, "Exception in callback Protocol.ConnectionMade()", e);
                }

                if (!_closing)
                {
                    Watch(IoEvents.Read, true);
                }

                waiter?.TrySetResult(true);
            }),
            null,
            null);
    }

    public override bool IsClosing => _closing;

    public override string ToString() => $"<DatagramSocketTransport{(_released ? " closed" : _closing ? " closing" : string.Empty)} fd={_fd}>";

    public override BaseProtocol GetProtocol() => _protocol;

    public override void SetProtocol(BaseProtocol protocol) =>
        _protocol = protocol as DatagramProtocol ?? throw new ArgumentException("A datagram transport needs a DatagramProtocol.", nameof(protocol));

    public override int GetWriteBufferSize() => _bufferSize;

    public override (int Low, int High) GetWriteBufferLimits() => (_flow.Low, _flow.High);

    public override void SetWriteBufferLimits(int? high = null, int? low = null)
    {
        _flow.SetLimits(high, low);
        _flow.MaybePause(this, _loop, _bufferSize, _protocol);
    }

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

        if (_connLost > 0)
        {
            if (_connLost >= LogThresholdForConnLostWrites)
            {
                Log.SendAfterConnectionLost(EventLoop.Logger);
            }

            _connLost++;
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

            Watch(IoEvents.Write, true);
        }

        _buffer.Enqueue((data.ToArray(), address));
        _bufferSize += data.Length;
        _flow.MaybePause(this, _loop, _bufferSize, _protocol);
    }

    public override void Close()
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        Watch(IoEvents.Read, false);
        if (_buffer.Count == 0)
        {
            _connLost++;
            _loop.Enqueue((Action)(() => CallConnectionLost(null)), null, null);
        }
    }

    public override void Abort() => ForceClose(null);

    private int Send(ReadOnlySpan<byte> data, EndPoint? address)
    {
        nint n;
        fixed (byte* p = data)
        {
            if (address is null)
            {
                n = Libc.send(_fd, p, (nuint)data.Length, Errno.MsgNoSignal);
            }
            else
            {
                SocketAddress native = _addresses.Destination(address);
                fixed (byte* a = native.Buffer.Span)
                {
                    n = Libc.sendto(_fd, p, (nuint)data.Length, Errno.MsgNoSignal, a, native.Size);
                }
            }
        }

        return n >= 0 ? 0 : Errno.Last;
    }

    private void ReadReady()
    {
        if (_connLost > 0)
        {
            return;
        }

        Span<byte> buffer = _loop.Reactor.ReceiveBuffer;
        byte* native = stackalloc byte[128];
        int length = 128;
        nint n;
        fixed (byte* p = buffer)
        {
            n = Libc.recvfrom(_fd, p, (nuint)buffer.Length, 0, native, &length);
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
            _protocol.DatagramReceived(buffer[..(int)n], sender);
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error: DatagramProtocol.DatagramReceived() call failed.");
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

        _flow.MaybeResume(this, _loop, _bufferSize, _protocol);
        if (_buffer.Count == 0)
        {
            Watch(IoEvents.Write, false);
            if (_closing)
            {
                CallConnectionLost(null);
            }
        }
    }

    /// <summary>An OS error on a datagram socket is reported and the endpoint stays open (asyncio's <c>error_received</c>).</summary>
    private void ReportError(int errno)
    {
        try
        {
            _protocol.ErrorReceived(Errno.Exception(errno));
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error: DatagramProtocol.ErrorReceived() call failed.");
        }
    }

    private void FatalError(Exception error, string message)
    {
        WriteFlow.Report(this, _loop, _protocol, message, error);
        ForceClose(error);
    }

    private void ForceClose(Exception? error)
    {
        if (_connLost > 0)
        {
            return;
        }

        _buffer.Clear();
        _bufferSize = 0;
        Watch(IoEvents.Write, false);
        _closing = true;
        Watch(IoEvents.Read, false);
        _connLost++;
        _loop.Enqueue((Action)(() => CallConnectionLost(error)), null, null);
    }

    private void CallConnectionLost(Exception? error)
    {
        if (_released)
        {
            return;
        }

        try
        {
            _protocol.ConnectionLost(error);
        }
        finally
        {
            if (!_released)
            {
                Watch(IoEvents.Read, false);
                Watch(IoEvents.Write, false);
                _released = true;

                // From here the descriptor number may belong to another socket: later sends are dropped.
                _connLost = Math.Max(_connLost, 1);
                _socket.Dispose();
            }
        }
    }

    private void Watch(IoEvents side, bool on)
    {
        if (_released)
        {
            return;
        }

        IoEvents now = _source.Registered;
        IoEvents wanted = on ? now | side : now & ~side;
        if (wanted != now)
        {
            _loop.Reactor.SetInterest(_source, wanted);
        }
    }

    private sealed class Source(DatagramSocketTransport owner) : IoSource(owner._fd)
    {
        public override string ToString() => owner.ToString();

        protected internal override void OnReadable() => owner.ReadReady();

        protected internal override void OnWritable() => owner.WriteReady();
    }
}
