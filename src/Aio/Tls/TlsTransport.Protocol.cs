using System.Net.Security;

namespace Aio;

internal sealed partial class TlsTransport
{
    /// <summary>Runs the handshake as a task of the loop, bounded by asyncio's 60-second handshake timeout.</summary>
    private void StartHandshake()
    {
        TimerHandle timeout = _loop.CallLater(HandshakeTimeout, () =>
        {
            if (!_handshakeDone)
            {
                HandshakeFailed(new TimeoutException("SSL handshake is taking longer than 60.0 seconds: aborting the connection"));
            }
        });
        _loop.CreateTask(HandshakeAsync(timeout), "tls-handshake");
    }

    private async Coroutine HandshakeAsync(TimerHandle timeout)
    {
        try
        {
            // SslStream does part of a handshake on the thread pool: until it is back, virtual time must not jump.
            _loop.ForeignWork?.Add(1);
            _inner.SetHandshaking(true);
            try
            {
                if (_options is SslServerAuthenticationOptions server)
                {
                    await _ssl.AuthenticateAsServerAsync(server, CancellationToken.None);
                }
                else
                {
                    await _ssl.AuthenticateAsClientAsync((SslClientAuthenticationOptions)_options, CancellationToken.None);
                }
            }
            finally
            {
                _inner.SetHandshaking(false);
                _loop.ForeignWork?.Add(-1);
            }
        }
        catch (Exception e)
        {
            timeout.Cancel();
            HandshakeFailed(e);
            return;
        }

        timeout.Cancel();
        if (_closing || _raw.IsClosing)
        {
            HandshakeFailed(new IOException("Connection lost during the TLS handshake"));
            return;
        }

        _handshakeDone = true;
        _appConnected = true;
        if (_upgrade)
        {
            // start_tls: the protocol was connected before the upgrade.
            _waiter?.TrySetResult(true);
            PumpReads();
            return;
        }

        try
        {
            _app.ConnectionMade(this);
        }
        catch (Exception e)
        {
            WriteFlow.Report(this, _loop, _app, "Exception in callback Protocol.ConnectionMade()", e);
        }

        _waiter?.TrySetResult(true);
        PumpReads();
    }

    private void HandshakeFailed(Exception error)
    {
        _fatalError ??= error;
        _closing = true;
        _raw.Abort();
        if (_waiter is not null)
        {
            _waiter.TrySetException(error);
        }
        else if (_loop.Debug)
        {
            WriteFlow.Report(this, _loop, _app, "SSL handshake failed", error);
        }
    }

    /// <summary>Keeps one plaintext read outstanding while the application reads.</summary>
    private void PumpReads()
    {
        while (_handshakeDone && !_reading && !_paused)
        {
            ValueTask<int> read = _ssl.ReadAsync(_plain);
            if (!read.IsCompleted)
            {
                _reading = true;
                _readInFlight = read;
                read.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReadCompleted);
                return;
            }

            if (!Deliver(read))
            {
                return;
            }
        }
    }

    /// <summary>A plaintext read completed; normally inline, inside the raw transport's DataReceived.</summary>
    private void OnReadCompleted()
    {
        if (!_loop.IsOnLoopThread)
        {
            _loop.PostThreadsafe(_onReadCompleted, null, null);
            return;
        }

        _reading = false;
        if (Deliver(_readInFlight))
        {
            PumpReads();
        }
    }

    /// <summary>Hands decrypted bytes to the application; false at the end of the stream or on error.</summary>
    private bool Deliver(ValueTask<int> read)
    {
        int n;
        try
        {
            n = read.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            FatalError(e, "SSL error in data received");
            return false;
        }

        if (n == 0)
        {
            // asyncio: eof_received's return value has no effect over TLS; the connection closes.
            try
            {
                _ = _app.EofReceived();
            }
            catch (Exception e)
            {
                FatalError(e, "Fatal error: Protocol.EofReceived() call failed.");
                return false;
            }

            Close();
            return false;
        }

        try
        {
            _app.Deliver(_plain.AsSpan(0, n));
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error: Protocol.DataReceived() call failed.");
            return false;
        }

        return !_closing;
    }

    /// <summary>The protocol of the raw (ciphertext) transport.</summary>
    private sealed class Raw(TlsTransport owner) : Protocol
    {
        public override void ConnectionMade(Transport transport) => owner.StartHandshake();

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            if (!owner._shuttingDown)
            {
                owner._inner.Feed(data); // while shutting down, what arrives is read into the void
            }
        }

        public override bool EofReceived()
        {
            if (owner._shuttingDown)
            {
                return false; // the peer's end: the close completes
            }

            owner._inner.FeedEof(null);
            return true;
        }

        public override void ConnectionLost(Exception? exception)
        {
            owner._closing = true;
            owner._shutdownTimer?.Cancel();
            owner._inner.FeedEof(exception ?? new IOException("The connection was closed"));
            try
            {
                if (owner._appConnected)
                {
                    // asyncio's _fatal_error: the TLS error (bad record, failed handshake of an upgrade)
                    // reaches the application, so a truncated stream is not mistaken for a clean end.
                    owner._app.ConnectionLost(exception ?? owner._fatalError);
                }
            }
            finally
            {
                owner._ssl.Dispose();
            }
        }

        public override void PauseWriting() => owner._app.PauseWriting();

        public override void ResumeWriting() => owner._app.ResumeWriting();
    }
}
