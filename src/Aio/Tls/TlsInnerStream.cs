using System.Threading.Tasks.Sources;

namespace Aio;

/// <summary>
/// The stream an <see cref="System.Net.Security.SslStream"/> sees under a <see cref="TlsTransport"/>:
/// ciphertext the raw transport received is fed in, and what the SslStream writes goes to the raw
/// transport's buffer. Reads complete inline when data is fed, so after the handshake the TLS
/// machinery runs on the loop thread, inside the callback that delivered the bytes (asyncio's
/// <c>SSLProtocol</c> drives <c>SSLObject</c> over memory BIOs the same way).
/// </summary>
/// <remarks>
/// Design note: SslStream does part of a handshake on the thread pool (a server's first flight, for
/// one). So the read state is guarded by a lock, and a write made off the loop thread is copied and
/// posted to the loop, where the transport lives; posts from one thread keep their order, so the
/// handshake's last flight is queued before the handshake's completion reaches the loop.
/// While the handshake has no read pending here it is computing, perhaps on a thread pool that other
/// work keeps busy: it counts as busy foreign work, so a virtual clock does not jump to the handshake
/// timeout meanwhile (<see cref="ForeignWork.IsBusy"/>; counted only when the loop's clock keeps foreign-work counts).
/// </remarks>
internal sealed class TlsInnerStream : Stream, IValueTaskSource<int>
{
    private readonly Lock _lock = new();
    private readonly ByteQueue _inbound = new();
    private readonly EventLoop _loop;
    private readonly Transport _raw;
    private ManualResetValueTaskSourceCore<int> _read = new() { RunContinuationsAsynchronously = false };
    private Memory<byte> _pending;
    private bool _readPending;
    private bool _eof;
    private Exception? _error;
    private bool _handshaking;
    private bool _countedBusy;

    public TlsInnerStream(EventLoop loop, Transport raw)
    {
        _loop = loop;
        _raw = raw;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Marks the start and the end of the handshake (see the remarks on busy foreign work).</summary>
    public void SetHandshaking(bool handshaking)
    {
        lock (_lock)
        {
            _handshaking = handshaking;
            UpdateBusy();
        }
    }

    /// <summary>Ciphertext from the raw transport (loop thread).</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        int completed;
        lock (_lock)
        {
            if (!_readPending)
            {
                _inbound.Append(data);
                return;
            }

            completed = Math.Min(data.Length, _pending.Length);
            data[..completed].CopyTo(_pending.Span);
            _inbound.Append(data[completed..]);
            _readPending = false;
            _pending = default;
            UpdateBusy();
        }

        _read.SetResult(completed);
    }

    /// <summary>The raw transport reached its end: a pending read returns 0, or fails with <paramref name="error"/>.</summary>
    public void FeedEof(Exception? error)
    {
        lock (_lock)
        {
            if (_eof)
            {
                return;
            }

            _eof = true;
            _error = error;
            if (!_readPending)
            {
                return;
            }

            _readPending = false;
            _pending = default;
            UpdateBusy();
        }

        if (error is null)
        {
            _read.SetResult(0);
        }
        else
        {
            _read.SetException(error);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_inbound.Count > 0)
            {
                int n = Math.Min(buffer.Length, _inbound.Count);
                _inbound.Pending[..n].CopyTo(buffer.Span);
                _inbound.Consume(n);
                return new ValueTask<int>(n);
            }

            if (_eof)
            {
                return _error is null ? new ValueTask<int>(0) : ValueTask.FromException<int>(_error);
            }

            _read.Reset();
            _pending = buffer;
            _readPending = true;
            UpdateBusy();
            return new ValueTask<int>(this, _read.Version);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("TLS on the loop reads asynchronously only.");

    public override void Write(byte[] buffer, int offset, int count) => Send(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => Send(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Send(buffer.Span);
        return default;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Send(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    int IValueTaskSource<int>.GetResult(short token) => _read.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _read.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _read.OnCompleted(continuation, state, token, flags);

    /// <summary>Keeps the loop's busy count in step with "handshaking and not waiting for a read" (under the lock).</summary>
    private void UpdateBusy()
    {
        if (_loop.ForeignWork is not { } foreign)
        {
            return;
        }

        bool busy = _handshaking && !_readPending;
        if (busy != _countedBusy)
        {
            _countedBusy = busy;
            foreign.AddBusy(busy ? 1 : -1);
        }
    }

    private void Send(ReadOnlySpan<byte> data)
    {
        if (_loop.IsOnLoopThread)
        {
            _raw.Write(data);
            return;
        }

        byte[] copy = data.ToArray();
        try
        {
            _loop.PostThreadsafe((Action)(() => _raw.Write(copy)), null, null);
        }
        catch (InvalidOperationException)
        {
            // The loop is closed: the connection is gone with it.
        }
    }
}
