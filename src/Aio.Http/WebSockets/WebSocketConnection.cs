using System.Buffers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Aio.Http.WebSockets;

/// <summary>
/// An open WebSocket (RFC 6455) on an Aio transport: what aiohttp's <c>WebSocketResponse</c> and
/// <c>ClientWebSocketResponse</c> share once the handshake is done. Send with
/// <see cref="SendStrAsync"/>, <see cref="SendBytesAsync"/>, <see cref="SendJsonAsync{T}"/>; receive
/// with <see cref="ReceiveAsync"/> or <c>await foreach</c>; end with <see cref="CloseAsync"/>.
/// </summary>
/// <remarks>
/// Frames are parsed as they arrive (in the transport's callback, into the parser's own buffer), so
/// pings are answered and heartbeat pongs seen even while the application is not receiving; complete
/// messages wait in a queue, and reading pauses while that queue holds more than 64 KiB. One task
/// receives at a time. See docs/design/websockets.md for the close handshake's states.
/// </remarks>
public abstract class WebSocketConnection : IAsyncEnumerable<WsMessage>
{
    private const int InboxHighWater = 64 * 1024;
    private const int ClosedReceiveLimit = 5;

    private readonly WebSocketOptions _options;
    private readonly bool _isClient;
    private readonly Queue<WsMessage> _inbox = new();
    private EventLoop? _loop;
    private Transport? _transport;
    private Pump? _pump;
    private Future<bool>? _waiter;
    private Future<bool>? _receiverLeft;
    private List<Future<bool>>? _drainWaiters;
    private int _inboxBytes;
    private bool _receiving;
    private bool _interrupted;
    private bool _writePaused;
    private bool _closing;
    private bool _closeReceived;
    private bool _closed;
    private bool _eof;
    private int _closedReceives;
    private TimerHandle? _heartbeatTimer;
    private TimerHandle? _pongTimer;
    private double _lastActivity;

    private protected WebSocketConnection(WebSocketOptions? options, bool isClient)
    {
        _options = options ?? new WebSocketOptions();
        _options.Validate();
        _isClient = isClient;
    }

    /// <summary>The connection's settings.</summary>
    public WebSocketOptions Options => _options;

    /// <summary>The subprotocol agreed in the handshake, or null.</summary>
    public string? Protocol { get; private set; }

    /// <summary>
    /// The close code of the closed connection: the peer's code when it sent a close frame (null if
    /// that frame had none), 1006 when the connection ended without one, or the code of the error
    /// this side reported. Null while open.
    /// </summary>
    public WsCloseCode? CloseCode { get; private set; }

    /// <summary>True once this side has sent a close frame or the connection has ended.</summary>
    public bool Closed => _closing || _closed;

    /// <summary>The error that ended the connection (a <see cref="WebSocketError"/>, a timeout, a lost transport), if any (aiohttp's <c>exception()</c>).</summary>
    public Exception? Exception { get; private set; }

    /// <summary>The transport under the connection (null before the handshake).</summary>
    public Transport? Transport => _transport;

    /// <summary>The protocol that will receive the connection's bytes (for a server's upgrade hook, which installs it itself).</summary>
    private protected BaseProtocol CreateProtocol() =>
        _pump ??= new Pump(this, new WebSocketParser(expectMasked: !_isClient, _options.MaxMessageSize));

    /// <summary>
    /// Starts the connection on <paramref name="transport"/> once the handshake is done:
    /// <paramref name="received"/> holds bytes already read past the handshake.
    /// </summary>
    private protected void Attach(Transport transport, ReadOnlySpan<byte> received, string? protocol)
    {
        _loop = Asyncio.GetRunningLoop();
        _transport = transport;
        Protocol = protocol;
        CreateProtocol();
        if (!ReferenceEquals(transport.GetProtocol(), _pump))
        {
            transport.SetProtocol(_pump!);
        }

        if (!received.IsEmpty)
        {
            _pump!.Feed(received);
        }

        if (!transport.IsClosing && !transport.IsReading)
        {
            transport.ResumeReading();
        }

        _lastActivity = _loop.Time();
        ScheduleHeartbeat(_options.Heartbeat);
    }

    /// <summary>Sends a text message.</summary>
    /// <exception cref="SocketException">The connection is closing or closed (aiohttp's <c>ConnectionResetError</c>).</exception>
    public Coroutine SendStrAsync(string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int length = Encoding.UTF8.GetByteCount(data);
        byte[] frame = RentFrame(length, out int headerLength);
        try
        {
            Encoding.UTF8.GetBytes(data, frame.AsSpan(headerLength));
            WriteFrame(frame, headerLength, length, WsOpcode.Text);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }

        return DrainAsync();
    }

    /// <summary>Sends a binary message.</summary>
    /// <exception cref="SocketException">The connection is closing or closed.</exception>
    public Coroutine SendBytesAsync(ReadOnlyMemory<byte> data)
    {
        Send(WsOpcode.Binary, data.Span);
        return DrainAsync();
    }

    /// <summary>Sends <paramref name="value"/> serialised as JSON, in a text message (aiohttp's <c>send_json</c>), with <see cref="JsonSerializerOptions.Web"/> unless <paramref name="options"/> are given.</summary>
    public Coroutine SendJsonAsync<T>(T value, JsonSerializerOptions? options = null)
    {
        byte[] utf8 = JsonSerializer.SerializeToUtf8Bytes(value, HttpJson.Or(options));
        Send(WsOpcode.Text, utf8);
        return DrainAsync();
    }

    /// <summary>Sends a ping with an optional payload of at most 125 bytes.</summary>
    public Coroutine PingAsync(ReadOnlyMemory<byte> data = default)
    {
        CheckControlPayload(data.Length);
        Send(WsOpcode.Ping, data.Span);
        return DrainAsync();
    }

    /// <summary>Sends an unsolicited pong with an optional payload of at most 125 bytes.</summary>
    public Coroutine PongAsync(ReadOnlyMemory<byte> data = default)
    {
        CheckControlPayload(data.Length);
        Send(WsOpcode.Pong, data.Span);
        return DrainAsync();
    }

    /// <summary>
    /// Receives the next message. Pings and pongs are answered and consumed while autoping is on; the
    /// peer's close frame is answered while autoclose is on and returned as <see cref="WsMsgType.Close"/>;
    /// a protocol error closes the connection with its code and returns <see cref="WsMsgType.Error"/>.
    /// Once closed, returns <see cref="WsMsgType.Closed"/> (and throws after a few more calls, as aiohttp does).
    /// </summary>
    /// <param name="timeout">Seconds to wait; null uses <see cref="WebSocketOptions.ReceiveTimeout"/>.</param>
    /// <exception cref="TimeoutException">No message within the timeout (the connection stays open).</exception>
    /// <exception cref="InvalidOperationException">Another task is receiving, or the connection was already reported closed several times.</exception>
    public async Coroutine<WsMessage> ReceiveAsync(double? timeout = null)
    {
        if (_receiving)
        {
            throw new InvalidOperationException("Concurrent call to receive() is not allowed");
        }

        if (_closed)
        {
            if (++_closedReceives >= ClosedReceiveLimit)
            {
                throw new InvalidOperationException("WebSocket connection is closed.");
            }

            return WsMessage.ClosedMessage;
        }

        if (_closing)
        {
            return WsMessage.ClosingMessage;
        }

        EnsureAttached();
        _receiving = true;
        try
        {
            WsMessage? message = await NextAsync(timeout ?? _options.ReceiveTimeout, interruptible: true);
            if (message is null)
            {
                return WsMessage.ClosingMessage;
            }

            switch (message.Type)
            {
                case WsMsgType.Close:
                    _closeReceived = true;
                    CloseCode = message.CloseCode;
                    if (_options.Autoclose && !_closing)
                    {
                        WriteClose(message.CloseCode ?? WsCloseCode.Ok, "");
                        _closing = true;
                        Finish();
                    }

                    break;
                case WsMsgType.Error:
                    // Already answered when it happened (OnProtocolError, OnPongMissing).
                    _closed = true;
                    break;
                case WsMsgType.Closed:
                    CloseCode ??= WsCloseCode.AbnormalClosure;
                    Finish();
                    break;
            }

            return message;
        }
        finally
        {
            _receiving = false;
            _receiverLeft?.TrySetResult(true);
        }
    }

    /// <summary>Receives a text message; anything else fails (aiohttp's <c>receive_str</c>).</summary>
    /// <exception cref="InvalidDataException">The next message is not text.</exception>
    public async Coroutine<string> ReceiveStrAsync(double? timeout = null)
    {
        WsMessage message = await ReceiveAsync(timeout);
        return message.Type == WsMsgType.Text
            ? message.Text!
            : throw new InvalidDataException($"Received message {message.Type}:{message.Text ?? message.Exception?.Message} is not str");
    }

    /// <summary>Receives a binary message; anything else fails (aiohttp's <c>receive_bytes</c>).</summary>
    /// <exception cref="InvalidDataException">The next message is not binary.</exception>
    public async Coroutine<byte[]> ReceiveBytesAsync(double? timeout = null)
    {
        WsMessage message = await ReceiveAsync(timeout);
        return message.Type == WsMsgType.Binary
            ? message.Data
            : throw new InvalidDataException($"Received message {message.Type}:{message.Text ?? message.Exception?.Message} is not bytes");
    }

    /// <summary>Receives a text message and deserialises it as JSON (aiohttp's <c>receive_json</c>), with <see cref="JsonSerializerOptions.Web"/> unless <paramref name="options"/> are given.</summary>
    public async Coroutine<T?> ReceiveJsonAsync<T>(JsonSerializerOptions? options = null, double? timeout = null)
    {
        string text = await ReceiveStrAsync(timeout);
        return JsonSerializer.Deserialize<T>(text, HttpJson.Or(options));
    }

    /// <summary>
    /// Starts the close handshake (section 7.1.2): sends a close frame with <paramref name="code"/> and
    /// <paramref name="message"/>, waits up to <see cref="WebSocketOptions.CloseTimeout"/> for the
    /// peer's (discarding data that arrives first), then closes the transport. A task blocked in
    /// <see cref="ReceiveAsync"/> gets <see cref="WsMsgType.Closing"/>. Returns false if the
    /// connection was already closed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The code may not be sent (1004-1006, 1015, outside 1000-4999), or the reason exceeds 123 UTF-8 bytes.</exception>
    public async Coroutine<bool> CloseAsync(WsCloseCode code = WsCloseCode.Ok, string message = "")
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!WebSocketParser.IsValidCloseCode((int)code))
        {
            throw new ArgumentOutOfRangeException(nameof(code), (int)code, "Close code may not be sent in a close frame (RFC 6455 7.4)");
        }

        if (Encoding.UTF8.GetByteCount(message) > WsFrameCodec.MaxControlPayload - 2)
        {
            throw new ArgumentOutOfRangeException(nameof(message), "A close reason takes at most 123 UTF-8 bytes");
        }

        if (_closed || _transport is null)
        {
            return false;
        }

        bool initiated = !_closing;
        if (initiated)
        {
            WriteClose(code, message);
            _closing = true;
            CloseCode = code;
        }

        if (_closeReceived)
        {
            Finish();
            return true;
        }

        if (_receiving)
        {
            // Wake the receiver with Closing, then take over the inbox once it has left.
            _receiverLeft = _loop!.CreateFuture<bool>();
            _interrupted = true;
            _waiter?.TrySetResult(true);
            await _receiverLeft;
            _receiverLeft = null;
            _interrupted = false;
        }

        try
        {
            await DrainAsync();
            await using (Asyncio.Timeout(_options.CloseTimeout))
            {
                while (true)
                {
                    WsMessage? reply = await NextAsync(null, interruptible: false);
                    if (reply!.Type == WsMsgType.Close)
                    {
                        _closeReceived = true;
                        CloseCode = reply.CloseCode;
                        break;
                    }

                    if (reply.Type == WsMsgType.Error)
                    {
                        Exception = reply.Exception;
                        CloseCode = (reply.Exception as WebSocketError)?.Code ?? WsCloseCode.AbnormalClosure;
                        break;
                    }

                    if (reply.Type == WsMsgType.Closed)
                    {
                        CloseCode = WsCloseCode.AbnormalClosure;
                        break;
                    }
                }
            }
        }
        catch (TimeoutException)
        {
            CloseCode = WsCloseCode.AbnormalClosure;
        }
        catch (SocketException e)
        {
            Exception = e;
            CloseCode = WsCloseCode.AbnormalClosure;
        }
        finally
        {
            Finish();
        }

        return true;
    }

    /// <summary>Receives messages until the connection closes (aiohttp's <c>async for msg in ws</c>): stops at Close, Closing or Closed.</summary>
    public async IAsyncEnumerator<WsMessage> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WsMessage message = await ReceiveAsync();
            if (message.Type is WsMsgType.Close or WsMsgType.Closing or WsMsgType.Closed)
            {
                yield break;
            }

            yield return message;
        }
    }

    /// <summary>
    /// Ends a connection whose framing can no longer be trusted (after a protocol error) without losing
    /// the close frame just sent: closing a socket with unread input makes the kernel send RST, which
    /// can destroy that frame in flight. So the write side is shut (FIN after the close frame), input
    /// is read and discarded, and the transport closes at the peer's EOF or after the close timeout.
    /// </summary>
    private void Linger()
    {
        _closed = true;
        _closing = true;
        CancelHeartbeat();
        Transport transport = _transport!;
        if (transport.IsClosing)
        {
            return;
        }

        _pump!.Discard = true;
        if (!transport.IsReading)
        {
            transport.ResumeReading();
        }

        if (transport.CanWriteEof())
        {
            transport.WriteEof();
            _loop!.CallLater(_options.CloseTimeout, static state => ((Transport)state!).Abort(), transport);
        }
        else
        {
            transport.Close();
        }
    }

    /// <summary>The next message from the inbox; null when interrupted by a close.</summary>
    private async Coroutine<WsMessage?> NextAsync(double? timeout, bool interruptible)
    {
        while (_inbox.Count == 0)
        {
            if (interruptible && _interrupted)
            {
                _interrupted = false;
                return null;
            }

            if (_eof)
            {
                return WsMessage.ClosedMessage;
            }

            _waiter = _loop!.CreateFuture<bool>();
            if (timeout is { } seconds)
            {
                await Asyncio.WaitFor(_waiter, seconds);
            }
            else
            {
                await _waiter;
            }

            _waiter = null;
        }

        WsMessage message = _inbox.Dequeue();
        _inboxBytes -= message.Data.Length;
        if (_inboxBytes < InboxHighWater / 4 && _transport is { IsClosing: false, IsReading: false } && !_eof)
        {
            _transport.ResumeReading();
        }

        return message;
    }

    private void Enqueue(WsMessage message)
    {
        _inbox.Enqueue(message);
        _inboxBytes += message.Data.Length;
        if (_inboxBytes > InboxHighWater && _transport is { IsClosing: false, IsReading: true })
        {
            _transport.PauseReading();
        }

        _waiter?.TrySetResult(true);
    }

    /// <summary>A complete frame arrived: control frames are handled here, at once; the rest queue for the receiver.</summary>
    private void OnMessage(WsMessage message)
    {
        _lastActivity = _loop!.Time();
        switch (message.Type)
        {
            case WsMsgType.Ping when _options.Autoping:
                if (!_closing && !_closed)
                {
                    Send(WsOpcode.Pong, message.Data);
                }

                return;
            case WsMsgType.Pong when _options.Autoping:
                CancelPongTimer();
                return;
            case WsMsgType.Pong:
                CancelPongTimer();
                break;
        }

        Enqueue(message);
    }

    /// <summary>The peer broke the protocol: answer at once with the error's close code, whether or not anyone is receiving.</summary>
    private void OnProtocolError(WebSocketError error)
    {
        Exception = error;
        CloseCode = error.Code;
        if (!_closing && _transport is { IsClosing: false })
        {
            WriteClose(error.Code, "");
        }

        Linger();
        Enqueue(WsMessage.ForError(error));
    }

    private void OnConnectionLost(Exception? exception)
    {
        _eof = true;
        CancelHeartbeat();
        if (exception is not null && !_closed)
        {
            Exception ??= exception;
        }

        _waiter?.TrySetResult(true);
        if (_drainWaiters is { } waiters)
        {
            _drainWaiters = null;
            foreach (Future<bool> waiter in waiters)
            {
                waiter.TrySetResult(true);
            }
        }
    }

    private void Send(WsOpcode opcode, ReadOnlySpan<byte> payload)
    {
        byte[] frame = RentFrame(payload.Length, out int headerLength);
        try
        {
            payload.CopyTo(frame.AsSpan(headerLength));
            WriteFrame(frame, headerLength, payload.Length, opcode);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private void WriteClose(WsCloseCode code, string reason)
    {
        Span<byte> payload = stackalloc byte[WsFrameCodec.MaxControlPayload];
        payload[0] = (byte)((int)code >> 8);
        payload[1] = (byte)(int)code;
        int length = 2 + Encoding.UTF8.GetBytes(reason, payload[2..]);
        if (_transport is { IsClosing: false })
        {
            byte[] frame = RentFrame(length, out int headerLength);
            try
            {
                payload[..length].CopyTo(frame.AsSpan(headerLength));
                WriteFrame(frame, headerLength, length, WsOpcode.Close, isClose: true);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(frame);
            }
        }
    }

    private byte[] RentFrame(int payloadLength, out int headerLength)
    {
        headerLength = WsFrameCodec.HeaderLength(payloadLength, _isClient);
        return ArrayPool<byte>.Shared.Rent(headerLength + payloadLength);
    }

    /// <summary>Fills in the header in front of the payload already at <paramref name="headerLength"/>, masks it on a client, and writes the frame.</summary>
    private void WriteFrame(byte[] frame, int headerLength, int payloadLength, WsOpcode opcode, bool isClose = false)
    {
        EnsureAttached();
        if (_transport!.IsClosing || _closed || (_closing && !isClose))
        {
            throw new SocketException((int)SocketError.ConnectionReset, "Cannot write to closing transport");
        }

        uint? key = null;
        if (_isClient)
        {
            // Section 10.3: the key must be unpredictable, so it comes from the system's CSPRNG.
            Span<byte> keyBytes = stackalloc byte[4];
            RandomNumberGenerator.Fill(keyBytes);
            key = BitConverter.ToUInt32(keyBytes);
            WsFrameCodec.Mask(frame.AsSpan(headerLength, payloadLength), key.Value);
        }

        int written = WsFrameCodec.WriteHeader(frame, opcode, fin: true, payloadLength, key);
        System.Diagnostics.Debug.Assert(written == headerLength, "header length");
        _transport.Write(frame.AsSpan(0, headerLength + payloadLength));
    }

    /// <summary>Waits while the transport's write buffer is over its high-water mark (asyncio's <c>drain</c>).</summary>
    private async Coroutine DrainAsync()
    {
        if (!_writePaused || _transport is null || _eof)
        {
            return;
        }

        Future<bool> waiter = _loop!.CreateFuture<bool>();
        (_drainWaiters ??= []).Add(waiter);
        await waiter;
        if (_eof)
        {
            throw new SocketException((int)SocketError.ConnectionReset, "Connection lost");
        }
    }

    /// <summary>Ends the connection: no more reads, the transport closes (after flushing what is buffered).</summary>
    private void Finish()
    {
        _closed = true;
        _closing = true;
        CancelHeartbeat();
        if (_pump is not { Discard: true })
        {
            _transport?.Close();
        }
    }

    private void EnsureAttached()
    {
        if (_transport is null)
        {
            throw new InvalidOperationException("The WebSocket is not connected yet (call PrepareAsync first)");
        }
    }

    private static void CheckControlPayload(int length)
    {
        if (length > WsFrameCodec.MaxControlPayload)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A control frame carries at most 125 bytes");
        }
    }

    private void ScheduleHeartbeat(double? delay)
    {
        if (delay is { } seconds)
        {
            _heartbeatTimer = _loop!.CallLater(seconds, static state => ((WebSocketConnection)state!).OnHeartbeat(), this);
        }
    }

    private void OnHeartbeat()
    {
        _heartbeatTimer = null;
        if (_closed || _closing || _eof)
        {
            return;
        }

        double heartbeat = _options.Heartbeat!.Value;
        double idle = _loop!.Time() - _lastActivity;
        if (idle < heartbeat)
        {
            // Traffic arrived since the timer was set: wait out the rest instead of pinging.
            ScheduleHeartbeat(heartbeat - idle);
            return;
        }

        Send(WsOpcode.Ping, []);
        _pongTimer ??= _loop.CallLater(heartbeat / 2, static state => ((WebSocketConnection)state!).OnPongMissing(), this);
        ScheduleHeartbeat(heartbeat);
    }

    private void OnPongMissing()
    {
        _pongTimer = null;
        if (_closed)
        {
            return;
        }

        var error = new TimeoutException($"No PONG received after {_options.Heartbeat!.Value / 2} seconds");
        Exception = error;
        CloseCode = WsCloseCode.AbnormalClosure;
        Enqueue(WsMessage.ForError(error));
        _closing = true;
        CancelHeartbeat();
        _transport?.Abort();
    }

    private void CancelPongTimer()
    {
        _pongTimer?.Cancel();
        _pongTimer = null;
    }

    private void CancelHeartbeat()
    {
        _heartbeatTimer?.Cancel();
        _heartbeatTimer = null;
        CancelPongTimer();
    }

    /// <summary>The transport's protocol after the handshake: feeds the parser from the transport's reads and reports to the connection.</summary>
    private sealed class Pump(WebSocketConnection owner, WebSocketParser parser) : BufferedProtocol
    {
        private byte[]? _scratch;

        /// <summary>Input is read and thrown away (after a protocol error, while lingering for the peer's EOF).</summary>
        public bool Discard { get; set; }

        public override Memory<byte> GetBuffer(int sizeHint) => Discard ? (_scratch ??= new byte[4096]) : parser.GetBuffer(sizeHint);

        public override void BufferUpdated(int count)
        {
            if (Discard)
            {
                return;
            }

            parser.Advance(count);
            Drain();
        }

        public void Feed(ReadOnlySpan<byte> data)
        {
            parser.Feed(data);
            Drain();
        }

        public override bool EofReceived() => false;

        public override void ConnectionLost(Exception? exception) => owner.OnConnectionLost(exception);

        public override void PauseWriting() => owner._writePaused = true;

        public override void ResumeWriting()
        {
            owner._writePaused = false;
            if (owner._drainWaiters is { } waiters)
            {
                owner._drainWaiters = null;
                foreach (Future<bool> waiter in waiters)
                {
                    waiter.TrySetResult(true);
                }
            }
        }

        private void Drain()
        {
            try
            {
                while (parser.TryRead(out WsMessage message))
                {
                    owner.OnMessage(message);
                }
            }
            catch (WebSocketError error)
            {
                owner.OnProtocolError(error);
            }
        }
    }
}
