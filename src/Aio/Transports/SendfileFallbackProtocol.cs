namespace Aio;

/// <summary>
/// Stands in for a transport's protocol while <see cref="EventLoop.SendfileAsync"/> writes a file in
/// blocks (asyncio's <c>_SendfileFallbackProtocol</c>): it turns the transport's pause/resume-writing
/// calls into an awaitable drain, and reports a lost connection to the sender and then to the real
/// protocol. <see cref="Restore"/> puts the real protocol back and, if the transport paused it before,
/// resumes it.
/// </summary>
internal sealed class SendfileFallbackProtocol : Protocol
{
    private readonly Transport _transport;
    private readonly BaseProtocol _protocol;
    private Future<object?>? _writable;
    private Exception? _lost;
    private bool _connectionLost;

    public SendfileFallbackProtocol(Transport transport)
    {
        _transport = transport;
        _protocol = transport.GetProtocol();
        transport.SetProtocol(this);
    }

    /// <summary>Waits until the transport's write buffer is below its high-water mark.</summary>
    public async Coroutine DrainAsync()
    {
        if (_connectionLost || _transport.IsClosing)
        {
            throw new IOException("The connection was closed while EventLoop.SendfileAsync() was sending on it", _lost);
        }

        if (_writable is { } writable)
        {
            await writable;
        }
    }

    public override void PauseWriting() => _writable ??= Asyncio.GetRunningLoop().CreateFuture();

    public override void ResumeWriting()
    {
        Future<object?>? writable = _writable;
        _writable = null;
        writable?.TrySetResult(null);
    }

    public override void DataReceived(ReadOnlySpan<byte> data) =>
        throw new InvalidOperationException("Data arrived while EventLoop.SendfileAsync() had paused reading");

    // The real protocol may be any BaseProtocol (a write pipe takes one); only a stream protocol can answer.
    public override bool EofReceived() => _protocol is StreamProtocol stream && stream.EofReceived();

    public override void ConnectionLost(Exception? exception)
    {
        _connectionLost = true;
        _lost = exception;
        Future<object?>? writable = _writable;
        _writable = null;
        writable?.TrySetException(new IOException("The connection was lost while EventLoop.SendfileAsync() was sending on it", exception));
        _protocol.ConnectionLost(exception);
    }

    /// <summary>Gives the transport its protocol back.</summary>
    public void Restore()
    {
        if (_connectionLost)
        {
            return; // The real protocol has heard connection_lost already; nothing to hand back to.
        }

        _transport.SetProtocol(_protocol);
        if (_writable is { } writable)
        {
            // Still over the high-water mark: the real protocol is paused until the buffer drains.
            _writable = null;
            writable.Cancel();
            _protocol.PauseWriting();
        }
    }
}
