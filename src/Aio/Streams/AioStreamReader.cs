using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Aio;

/// <summary>
/// The reading side of a stream connection (asyncio's <c>StreamReader</c>), from
/// <see cref="Asyncio.OpenConnection"/> or a <see cref="Asyncio.StartServer"/> callback. Bytes the transport
/// receives are buffered here until read. The limit (64 KiB by default) caps what
/// <see cref="ReadLineAsync"/> and <see cref="ReadUntilAsync(ReadOnlyMemory{byte})"/> accept, and twice the limit of unread
/// data pauses the transport, so a fast peer cannot grow the buffer without bound.
/// </summary>
/// <remarks>
/// Only one read may wait for data at a time, as in asyncio. Every read is cancel-safe: a read
/// cancelled while waiting has consumed nothing, and the data stays buffered for the next read.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed partial class AioStreamReader
{
    /// <summary>asyncio's default limit: 64 KiB.</summary>
    public const int DefaultLimit = 64 * 1024;

    private readonly EventLoop _loop;
    private readonly ByteQueue _buffer = new();
    private readonly WaitSlot _waiter;
    private Transport? _transport;
    private Exception? _exception;
    private bool _eof;
    private bool _paused;

    /// <summary>Creates a reader; without a transport it is fed by <see cref="FeedData"/> and <see cref="FeedEof"/>.</summary>
    /// <param name="limit">The line length limit, and half the buffer size that pauses the transport.</param>
    /// <param name="loop">The loop; by default the running (or current) loop.</param>
    /// <exception cref="ArgumentOutOfRangeException">The limit is zero or negative.</exception>
    public AioStreamReader(int limit = DefaultLimit, EventLoop? loop = null)
    {
        if (limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Limit cannot be <= 0");
        }

        Limit = limit;
        _loop = loop ?? Asyncio.GetEventLoop();
        _waiter = new WaitSlot(_loop);
    }

    /// <summary>The limit given at creation.</summary>
    public int Limit { get; }

    /// <summary>The error the stream ended with, if any (asyncio's <c>exception()</c>).</summary>
    public Exception? Exception => _exception;

    /// <summary>Bytes buffered and not read yet.</summary>
    public int BufferedCount => _buffer.Count;

    /// <summary>Describes the reader as asyncio's repr does.</summary>
    public override string ToString()
    {
        var info = new List<string> { "AioStreamReader" };
        if (_buffer.Count > 0)
        {
            info.Add($"{_buffer.Count} bytes");
        }

        if (_eof)
        {
            info.Add("eof");
        }

        if (Limit != DefaultLimit)
        {
            info.Add($"limit={Limit}");
        }

        if (_waiter.IsWaiting)
        {
            info.Add("waiter");
        }

        if (_exception is not null)
        {
            info.Add($"exception={_exception.GetType().Name}");
        }

        if (_paused)
        {
            info.Add("paused");
        }

        return $"<{string.Join(' ', info)}>";
    }

    /// <summary>Whether the buffer is empty and the stream has ended (asyncio's <c>at_eof()</c>).</summary>
    public bool AtEof() => _eof && _buffer.Count == 0;

    /// <summary>Ends the stream with an error: a waiting read and later reads raise it (asyncio's <c>set_exception</c>).</summary>
    public void SetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _exception = exception;
        _waiter.Fail(exception);
    }

    /// <summary>Connects the reader to the transport it pauses and resumes (asyncio's <c>set_transport</c>).</summary>
    /// <exception cref="InvalidOperationException">A transport is already set.</exception>
    public void SetTransport(Transport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (_transport is not null)
        {
            throw new InvalidOperationException("Transport already set");
        }

        _transport = transport;
    }

    /// <summary>Points the reader at the transport that replaced its own (after <c>StartTlsAsync</c>).</summary>
    internal void ReplaceTransport(Transport transport) => _transport = transport;

    /// <summary>Marks the end of the stream (asyncio's <c>feed_eof</c>); a waiting read wakes up.</summary>
    public void FeedEof()
    {
        _eof = true;
        _waiter.Wake();
    }

    /// <summary>Appends received bytes (asyncio's <c>feed_data</c>); pauses the transport beyond twice the limit.</summary>
    /// <exception cref="InvalidOperationException">Called after <see cref="FeedEof"/>.</exception>
    public void FeedData(ReadOnlySpan<byte> data)
    {
        if (_eof)
        {
            throw new InvalidOperationException("FeedData() called after FeedEof()");
        }

        if (data.IsEmpty)
        {
            return;
        }

        _buffer.Append(data);
        _waiter.Wake();
        if (_transport is not null && !_paused && _buffer.Count > 2 * Limit)
        {
            try
            {
                _transport.PauseReading();
                _paused = true;
            }
            catch (NotSupportedException)
            {
                // The transport cannot pause: buffer everything and stop trying.
                _transport = null;
            }
        }
    }

    private void MaybeResumeTransport()
    {
        if (_paused && _buffer.Count <= Limit)
        {
            _paused = false;
            _transport!.ResumeReading();
        }
    }

    private void ThrowIfFailed()
    {
        if (_exception is not null)
        {
            ExceptionDispatchInfo.Throw(_exception);
        }
    }

    /// <summary>Waits until data or the end arrives (asyncio's <c>_wait_for_data</c>); resumes a paused transport first.</summary>
    private WaitSlot.Awaitable WaitForData(string functionName)
    {
        if (_waiter.IsWaiting)
        {
            throw new InvalidOperationException($"{functionName}() called while another coroutine is already waiting for incoming data");
        }

        Debug.Assert(!_eof, "_wait_for_data after EOF");

        // Waiting while paused would deadlock, for example ReadExactlyAsync(n) with n above the limit.
        if (_paused)
        {
            _paused = false;
            _transport!.ResumeReading();
        }

        return _waiter.Wait();
    }
}
