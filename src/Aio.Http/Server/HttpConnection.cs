using System.Buffers;
using Aio.Http.Protocol;

namespace Aio.Http.Server;

/// <summary>
/// One server connection: a <see cref="BufferedProtocol"/> that receives into its own buffer, and a task
/// that serves the requests found there one after another (keep-alive and pipelining).
/// </summary>
/// <remarks>
/// <para>Why a buffered protocol and not streams: the transport receives straight into this buffer, the
/// parser reads heads in place, and body bytes are decoded from it; a stream reader would copy every
/// byte once more and cost a future per read. The task only awaits when the buffer holds no complete
/// head (or not enough body); pipelined requests already buffered are parsed without a wait.</para>
/// <para>Flow control both ways: reading pauses while a handler has more than <see cref="HighWater"/>
/// unread bytes buffered, and writers wait for the transport's <c>ResumeWriting</c>.</para>
/// <para>Timers (loop clock, so virtual time in tests): the keep-alive idle timer runs while no byte of
/// the next request has arrived; the header timer runs from a head's first byte (or the connection's
/// start) until the head is complete, so a client trickling bytes cannot hold the connection.</para>
/// </remarks>
internal sealed partial class HttpConnection : BufferedProtocol
{
    private const int HighWater = 256 * 1024;
    private const double LingerSeconds = 2;
    private readonly AppRunner _runner;
    private readonly HttpRequestParser _parser;
    private byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;
    private EventLoop? _loop;
    private Future<bool>? _waiter;
    private Future<bool>? _drain;
    private TimerHandle? _timer;
    private TimerKind _timerKind;
    private bool _timedOut;
    private bool _eof;
    private bool _lost;
    private bool _writePaused;
    private bool _readPaused;
    private bool _handling;
    private bool _detached;
    private HttpBodyDecoder? _body;
    private bool _bodyBroken;
    private bool _continuePending;
    private bool _lingerOnClose;

    public HttpConnection(AppRunner runner)
    {
        _runner = runner;
        _parser = new HttpRequestParser(runner.Options.ParserLimits);
    }

    private enum TimerKind
    {
        None,
        Idle,
        Header,
        Body,
    }

    public Transport? Transport { get; private set; }

    public HttpServerOptions Options => _runner.Options;

    /// <summary>The response buffer: heads and bodies are serialised here, then written in one call.</summary>
    public ArrayBufferWriter<byte> Out { get; } = new(4096);

    /// <summary>Set by graceful shutdown: the current response closes the connection.</summary>
    public bool CloseRequested { get; private set; }

    /// <summary>Whether a request is being handled (graceful shutdown waits for these).</summary>
    public bool Busy => _handling;

    public bool BodyComplete => _body is null || _body.IsComplete;

    public override void ConnectionMade(Transport transport)
    {
        Transport = transport;
        _loop = Asyncio.GetRunningLoop();
        _runner.Attach(this);
        _loop.CreateTask(ServeAsync(), "aio-http-connection");
    }

    public override Memory<byte> GetBuffer(int sizeHint)
    {
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }

        return _buffer.AsMemory(_end);
    }

    public override void BufferUpdated(int count)
    {
        _end += count;
        if (_timerKind == TimerKind.Idle)
        {
            StartTimer(TimerKind.Header);
        }

        if (_handling && !_readPaused && _end - _start > HighWater)
        {
            _readPaused = true;
            Transport!.PauseReading();
        }

        Wake();
    }

    public override bool EofReceived()
    {
        _eof = true;
        Wake();
        return true;
    }

    public override void ConnectionLost(Exception? exception)
    {
        _lost = true;
        CancelTimer();
        Wake();
        _drain?.TrySetResult(true);
        _runner.Detach(this);
    }

    public override void PauseWriting() => _writePaused = true;

    public override void ResumeWriting()
    {
        _writePaused = false;
        _drain?.TrySetResult(true);
    }

    /// <summary>Sends what <see cref="Out"/> holds.</summary>
    public void Flush()
    {
        if (Out.WrittenCount == 0)
        {
            return;
        }

        if (_lost || Transport is null || Transport.IsClosing)
        {
            Out.ResetWrittenCount();
            throw new IOException("the client closed the connection");
        }

        Transport.Write(Out.WrittenSpan);
        Out.ResetWrittenCount();
    }

    /// <summary>Waits while the transport's write buffer is over its high-water mark.</summary>
    public async Coroutine DrainAsync()
    {
        while (_writePaused && !_lost)
        {
            _drain = _loop!.CreateFuture<bool>();
            await _drain;
            _drain = null;
        }

        if (_lost)
        {
            throw new IOException("the client closed the connection");
        }
    }

    /// <summary>Asks the connection to close once its current request is answered, or now if idle.</summary>
    public void RequestClose()
    {
        CloseRequested = true;
        if (!_handling)
        {
            Wake();
        }
    }

    public void Abort()
    {
        _lost = true;
        Transport?.Abort();
        Wake();
    }

    public UpgradedConnection Detach(BaseProtocol protocol)
    {
        if (_detached || Transport is null || _lost)
        {
            throw new InvalidOperationException("the connection is closed or already taken over");
        }

        _detached = true;
        CancelTimer();
        byte[] rest = _buffer.AsSpan(_start, _end - _start).ToArray();
        _start = _end = 0;
        if (_readPaused)
        {
            _readPaused = false;
            Transport.ResumeReading();
        }

        Transport.SetProtocol(protocol);
        _runner.Detach(this);
        return new UpgradedConnection(Transport, rest);
    }

    private void Wake() => _waiter?.TrySetResult(true);

    private async Coroutine WaitAsync()
    {
        _waiter = _loop!.CreateFuture<bool>();
        try
        {
            await _waiter;
        }
        finally
        {
            _waiter = null;
        }
    }

    private void StartTimer(TimerKind kind)
    {
        _timer?.Cancel();
        _timerKind = kind;
        _timedOut = false;
        TimeSpan delay = kind switch
        {
            TimerKind.Idle => Options.KeepAliveTimeout,
            TimerKind.Body => Options.BodyReadTimeout,
            _ => Options.HeaderReadTimeout,
        };
        _timer = _loop!.CallLater(delay, static state =>
        {
            var self = (HttpConnection)state!;
            self._timedOut = true;
            self._timer = null;
            self.Wake();
        }, this);
    }

    private void CancelTimer()
    {
        _timer?.Cancel();
        _timer = null;
        _timerKind = TimerKind.None;
    }
}
