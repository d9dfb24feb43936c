using System.Buffers;

namespace Aio.Http.Client;

/// <summary>
/// One client connection: a stream protocol that keeps what the server sent in a single growable
/// buffer, so the response parser reads it in place, and wakes the one reader waiting for more.
/// </summary>
/// <remarks>
/// Design note (docs/design/http-client-pool.md): a connection is either leased (one request owns
/// it until its response body is read to the end) or idle in the pool. Bytes or an end of stream
/// arriving while idle mean the server closed it (or broke the protocol), so an idle connection is
/// reusable only if its buffer is empty and the transport is open. Reading pauses above
/// <see cref="HighWater"/> buffered bytes, so a slow consumer holds back the server instead of memory.
/// </remarks>
internal sealed class ClientConnection : Aio.Protocol
{
    internal const int HighWater = 256 * 1024;

    private readonly EventLoop _loop;
    private Transport? _transport;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _start;
    private int _end;
    private Future<bool>? _readWaiter;
    private Future<bool>? _drainWaiter;
    private bool _writePaused;
    private bool _eof;
    private bool _lost;
    private Exception? _error;

    private readonly BaseConnector? _owner;

    internal ClientConnection(EventLoop loop, ConnectionKey key, BaseConnector? owner)
    {
        _loop = loop;
        Key = key;
        _owner = owner;
    }

    /// <summary>Set once the pool has closed the connection and freed its slot.</summary>
    internal bool Released { get; set; }

    /// <summary>Where the connection goes: the pool's key.</summary>
    internal ConnectionKey Key { get; }

    /// <summary>Loop time when the connection was last put back in the pool.</summary>
    internal double IdleSince { get; set; }

    /// <summary>How many requests this connection has carried, counting the current one.</summary>
    internal int Requests { get; set; }

    /// <summary>True once the peer closed, the transport broke, or we closed it.</summary>
    internal bool IsClosed => _lost || _eof || _transport is null || _transport.IsClosing;

    /// <summary>An idle connection can carry another request: open, and nothing unsolicited arrived.</summary>
    internal bool IsReusable => !IsClosed && _start == _end;

    /// <summary>The received, not yet consumed bytes.</summary>
    internal ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>The received, not yet consumed bytes as memory (valid until the next fill or consume).</summary>
    internal ReadOnlyMemory<byte> BufferedMemory => _buffer.AsMemory(_start, _end - _start);

    /// <summary>Whether the server closed its side (no more bytes will come).</summary>
    internal bool AtEof => _eof || _lost;

    public override void ConnectionMade(Transport transport) => _transport = transport;

    public override void DataReceived(ReadOnlySpan<byte> data)
    {
        if (_buffer.Length - _end < data.Length)
        {
            Compact(data.Length);
        }

        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
        if (_end - _start > HighWater && _transport is { IsReading: true })
        {
            _transport.PauseReading();
        }

        Wake();
    }

    public override bool EofReceived()
    {
        _eof = true;
        Wake();
        _owner?.OnConnectionClosed(this);
        return false;
    }

    public override void ConnectionLost(Exception? exception)
    {
        _lost = true;
        _error = exception;
        Wake();
        _owner?.OnConnectionClosed(this);
        _drainWaiter?.TrySetResult(true);
        _drainWaiter = null;
    }

    public override void PauseWriting() => _writePaused = true;

    public override void ResumeWriting()
    {
        _writePaused = false;
        _drainWaiter?.TrySetResult(true);
        _drainWaiter = null;
    }

    /// <summary>
    /// Hands the transport to <paramref name="protocol"/> after a 101 response (the WebSocket upgrade):
    /// returns the transport and the bytes received past the response head, which the new protocol
    /// must process first. This connection receives nothing more.
    /// </summary>
    internal (Transport Transport, byte[] Buffered) Detach(BaseProtocol protocol)
    {
        Transport transport = _transport ?? throw new InvalidOperationException("the connection is not open");
        byte[] rest = Buffered.ToArray();
        _start = _end = 0;
        transport.SetProtocol(protocol);
        if (!transport.IsReading && !transport.IsClosing)
        {
            transport.ResumeReading();
        }

        return (transport, rest);
    }

    /// <summary>Drops <paramref name="count"/> bytes from the front of the buffer.</summary>
    internal void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (_end - _start <= HighWater / 2 && _transport is { IsReading: false, IsClosing: false })
        {
            _transport.ResumeReading();
        }
    }

    /// <summary>Waits until more bytes arrive; false if the stream ended (or broke) instead.</summary>
    /// <exception cref="ServerDisconnectedError">The transport failed with an error.</exception>
    internal async Coroutine<bool> FillAsync()
    {
        int had = _end - _start;
        while (_end - _start == had)
        {
            if (_eof || _lost)
            {
                if (_error is not null)
                {
                    throw new ServerDisconnectedError($"Connection to {Key} broke: {_error.Message}", _error);
                }

                return false;
            }

            if (_transport is { IsReading: false, IsClosing: false })
            {
                _transport.ResumeReading();
            }

            _readWaiter = _loop.CreateFuture<bool>();
            try
            {
                await _readWaiter;
            }
            finally
            {
                _readWaiter = null;
            }
        }

        return true;
    }

    /// <summary>Writes bytes to the transport (buffered by it when the socket is full).</summary>
    internal void Write(ReadOnlySpan<byte> data)
    {
        if (_lost || _transport is null || _transport.IsClosing)
        {
            throw new ServerDisconnectedError($"Connection to {Key} is closed", _error);
        }

        _transport.Write(data);
    }

    /// <summary>Waits while the transport's write buffer is over its high-water mark.</summary>
    internal async Coroutine DrainAsync()
    {
        while (_writePaused && !_lost)
        {
            _drainWaiter ??= _loop.CreateFuture<bool>();
            await _drainWaiter;
        }

        if (_lost)
        {
            throw new ServerDisconnectedError($"Connection to {Key} closed while sending", _error);
        }
    }

    /// <summary>Closes at once, dropping unsent data: for connections whose state is unknown.</summary>
    internal void Abort()
    {
        _transport?.Abort();
        ReturnBuffer();
    }

    /// <summary>Closes after sending what is buffered.</summary>
    internal void Close()
    {
        _transport?.Close();
        ReturnBuffer();
    }

    public override string ToString() => $"<ClientConnection {Key} requests={Requests}{(IsClosed ? " closed" : string.Empty)}>";

    private void ReturnBuffer()
    {
        _lost = _lost || _transport is null;
        if (_buffer.Length > 0)
        {
            byte[] old = _buffer;
            _buffer = [];
            _start = _end = 0;
            ArrayPool<byte>.Shared.Return(old);
        }
    }

    private void Compact(int extra)
    {
        int live = _end - _start;
        if (_buffer.Length - live >= extra && _start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, live);
        }
        else
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, live + extra));
            Buffer.BlockCopy(_buffer, _start, bigger, 0, live);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = bigger;
        }

        _start = 0;
        _end = live;
    }

    private void Wake()
    {
        _readWaiter?.TrySetResult(true);
    }
}
