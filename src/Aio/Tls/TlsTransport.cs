using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;

namespace Aio;

/// <summary>
/// TLS over a socket transport (asyncio's <c>SSLProtocol</c> and <c>_SSLProtocolTransport</c>): an
/// <see cref="SslStream"/> runs over a <see cref="TlsInnerStream"/> fed by the raw transport, on the
/// loop thread. The application protocol sees plaintext; its <c>ConnectionMade</c> comes after the
/// handshake. Writes are encrypted at once into the raw transport's buffer, so write flow control is
/// the raw transport's. TLS cannot half-close: <see cref="CanWriteEof"/> is false.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The SslStream is disposed when the raw connection is lost, which every path reaches.")]
internal sealed partial class TlsTransport : Transport
{
    private const int PlainBufferSize = 16 * 1024;
    private const double HandshakeTimeout = 60;

    // asyncio's ssl_shutdown_timeout: how long a closing connection waits for the peer to close its side.
    private const double ShutdownTimeout = 30;

    private readonly EventLoop _loop;
    private readonly SocketTransport _raw;
    private readonly TlsInnerStream _inner;
    private readonly SslStream _ssl;
    private readonly object _options;
    private readonly byte[] _plain = new byte[PlainBufferSize];
    private readonly Action _onReadCompleted;
    private readonly Future<bool>? _waiter;
    private StreamProtocol _app;
    private ValueTask<int> _readInFlight;
    private bool _reading;
    private bool _handshakeDone;
    private bool _paused;
    private bool _closing;
    private bool _shuttingDown;
    private TimerHandle? _shutdownTimer;
    private bool _appConnected;
    private Exception? _fatalError;
    private bool _upgrade;

    private TlsTransport(EventLoop loop, Socket socket, BaseProtocol app, object options, AioServer? server, Future<bool>? waiter)
        : this(loop, app, options, waiter, self => new SocketTransport(loop, socket, new Raw(self), null, server))
    {
    }

    private TlsTransport(EventLoop loop, BaseProtocol app, object options, Future<bool>? waiter, Func<TlsTransport, SocketTransport> raw)
    {
        _loop = loop;
        _app = AppProtocol(app);
        _options = options;
        _waiter = waiter;
        _onReadCompleted = OnReadCompleted;
        _raw = raw(this);
        _inner = new TlsInnerStream(loop, _raw);
        _ssl = new SslStream(_inner, leaveInnerStreamOpen: true);
        SetExtra("sslcontext", options);
        SetExtra("ssl_object", _ssl);
    }

    public override bool IsClosing => _closing;

    public override bool IsReading => !_paused && !_closing;

    public override string ToString() => $"<TlsTransport {(_handshakeDone ? "established" : "handshaking")}{(_closing ? " closing" : string.Empty)} raw={_raw}>";

    /// <summary>Starts the server side of TLS on an accepted connection.</summary>
    public static TlsTransport StartServer(EventLoop loop, Socket socket, BaseProtocol app, SslServerAuthenticationOptions options, AioServer server) =>
        new(loop, socket, app, options, server, null);

    /// <summary>Starts the client side; <paramref name="waiter"/> completes after the handshake and <c>ConnectionMade</c>.</summary>
    public static TlsTransport StartClient(EventLoop loop, Socket socket, BaseProtocol app, SslClientAuthenticationOptions options, Future<bool> waiter) =>
        new(loop, socket, app, options, null, waiter);

    /// <summary>
    /// Upgrades an established connection to TLS (asyncio's <c>start_tls</c>): the raw transport is
    /// paused, handed to a TLS layer, and resumed; the application protocol, already connected, gets no
    /// second <c>ConnectionMade</c>. <paramref name="waiter"/> completes after the handshake.
    /// </summary>
    public static TlsTransport Upgrade(EventLoop loop, SocketTransport raw, BaseProtocol app, object options, Future<bool> waiter)
    {
        raw.PauseReading();
        var tls = new TlsTransport(loop, app, options, waiter, self =>
        {
            raw.SetProtocol(new Raw(self));
            return raw;
        })
        {
            _upgrade = true,

            // asyncio (call_connection_made=False): the protocol is connected already, so it hears
            // about the connection's end even when the upgrade fails.
            _appConnected = true,
        };
        loop.Enqueue((Action)tls.StartHandshake, null, null);
        loop.Enqueue((Action)raw.ResumeReading, null, null);
        return tls;
    }

    public override BaseProtocol GetProtocol() => _app;

    public override void SetProtocol(BaseProtocol protocol) => _app = AppProtocol(protocol);

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || _closing)
        {
            return;
        }

        if (!_handshakeDone)
        {
            throw new InvalidOperationException("Cannot write before the TLS handshake is complete.");
        }

        byte[] copy = data.ToArray();
        ValueTask write = _ssl.WriteAsync(copy);
        if (write.IsCompletedSuccessfully)
        {
            return;
        }

        _ = ObserveWrite(write);
    }

    public override void WriteEof() => throw new NotSupportedException("TLS does not support half-closes.");

    public override bool CanWriteEof() => false;

    public override void Close()
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        if (!_handshakeDone || _raw.IsClosing)
        {
            _raw.Close();
            return;
        }

        // close_notify goes into the raw transport's buffer, after what the application wrote.
        Task shutdown = _ssl.ShutdownAsync();
        _ = shutdown.IsCompleted ? shutdown : ObserveWrite(new ValueTask(shutdown));
        StartShutdown();
    }

    /// <summary>
    /// The second half of a close (asyncio's SSL shutdown): the raw socket half-closes once the
    /// buffer and close_notify are sent, and keeps reading, discarding what arrives, until the peer
    /// closes its side or <see cref="ShutdownTimeout"/> passes.
    /// </summary>
    /// <remarks>
    /// Design note. Closing the socket at once would leave the peer's records unread (its session
    /// tickets, its own close_notify, data it sent meanwhile), and a socket closed with unread data makes
    /// the kernel send a reset instead of a FIN: the peer then loses whatever of ours it had not read yet,
    /// the tail of the stream (found by the transport contract suite). So the close waits for the peer's
    /// end, as asyncio 3.11 waits for the peer's close_notify, bounded the same way; after the timeout the
    /// connection is aborted and the application's <c>ConnectionLost</c> gets a <see cref="TimeoutException"/>.
    /// </remarks>
    private void StartShutdown()
    {
        _shuttingDown = true;
        _raw.WriteEof();
        _raw.ResumeReading(); // a paused application must not keep the peer's end from arriving
        _shutdownTimer = _loop.CallLater(ShutdownTimeout, () =>
        {
            _fatalError ??= new TimeoutException($"SSL shutdown timed out: the peer did not close within {ShutdownTimeout} seconds");
            _raw.Abort();
        });
    }

    public override void Abort()
    {
        _closing = true;
        _raw.Abort();
    }

    public override int GetWriteBufferSize() => _raw.GetWriteBufferSize();

    public override (int Low, int High) GetWriteBufferLimits() => _raw.GetWriteBufferLimits();

    public override void SetWriteBufferLimits(int? high = null, int? low = null) => _raw.SetWriteBufferLimits(high, low);

    public override void PauseReading()
    {
        if (_closing || _paused)
        {
            return;
        }

        _paused = true;
        _raw.PauseReading();
    }

    public override void ResumeReading()
    {
        if (_closing || !_paused)
        {
            return;
        }

        _paused = false;
        _raw.ResumeReading();

        // Not inline: decrypted data may be waiting, and, as with a socket, it must arrive in a later
        // callback, not inside the ResumeReading call of a reader that is about to wait for it.
        _loop.Enqueue((Action)PumpReads, null, null);
    }

    private protected override object? LookupExtra(string name, object? defaultValue) => name switch
    {
        "peercert" => _ssl.RemoteCertificate,
        "cipher" => _handshakeDone ? _ssl.NegotiatedCipherSuite : defaultValue,
        "compression" => null,
        _ => _raw.GetExtraInfo(name, defaultValue),
    };

    private static StreamProtocol AppProtocol(BaseProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return protocol as StreamProtocol ?? throw new ArgumentException("A TLS transport needs a Protocol or a BufferedProtocol.", nameof(protocol));
    }

    private async Task ObserveWrite(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _loop.Post((Action)(() => FatalError(e, "Fatal error on TLS write")), null, null);
        }
    }

    private void FatalError(Exception error, string message)
    {
        if (error is not (IOException or SocketException or System.Security.Authentication.AuthenticationException))
        {
            WriteFlow.Report(this, _loop, _app, message, error);
        }

        if (!_closing)
        {
            // Not after a close: then a failing read only reflects the connection going away.
            _fatalError ??= error;
        }

        Abort();
    }
}
