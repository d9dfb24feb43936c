using Aio.Native;

namespace Aio;

/// <summary>
/// The byte-stream side of <see cref="SelectorTransportCore{TProtocol}"/>, shared by socket and pipe
/// transports (asyncio's <c>_SelectorSocketTransport</c> and the Unix pipe transports): a
/// <see cref="ByteQueue"/> write buffer that holds no memory while empty, the first-send write path
/// (sent at once when nothing is queued, only the rest is copied), draining on writability, and one
/// receive per readiness event handed to a <see cref="StreamProtocol"/>. Subclasses give the system
/// calls (<c>send</c>/<c>recv</c> or <c>write</c>/<c>read</c>) and what end of stream means.
/// </summary>
internal abstract class StreamTransportCore<TProtocol> : SelectorTransportCore<TProtocol>
    where TProtocol : BaseProtocol
{
    private readonly ByteQueue _buffer = new();

    protected StreamTransportCore(EventLoop loop, BaseTransport owner, int fd, TProtocol protocol)
        : base(loop, owner, fd, protocol)
    {
    }

    public override int BufferSize => _buffer.Count;

    /// <summary>"socket" or "pipe", for error messages.</summary>
    protected abstract string Kind { get; }

    /// <summary>
    /// The first-send write path: with nothing queued the bytes go straight to the kernel and nothing is
    /// copied or registered; what the kernel does not take is buffered until the descriptor is writable.
    /// </summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (DropWrite())
        {
            return;
        }

        if (_buffer.Count == 0)
        {
            int n = Send(data, out int errno);
            if (n < 0)
            {
                if (!Errno.IsWouldBlock(errno))
                {
                    FatalError(OsError(errno), $"Fatal write error on {Kind} transport");
                    return;
                }

                n = 0;
            }

            if (n == data.Length)
            {
                return;
            }

            data = data[n..];
            Watch(IoEvents.Write, true);
        }

        _buffer.Append(data);
        MaybePauseProtocol();
    }

    /// <summary>The bytes still queued, for a sender (sendfile) that must go after them.</summary>
    public ReadOnlySpan<byte> Pending => _buffer.Pending;

    /// <summary>One receive into the memory <paramref name="protocol"/> asks for, handed to it.</summary>
    protected void ReadInto(StreamProtocol protocol)
    {
        if (ConnLost > 0)
        {
            return;
        }

        Span<byte> buffer;
        try
        {
            buffer = protocol.ReceiveBuffer(Loop.Reactor.ReceiveBuffer);
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error: BufferedProtocol.GetBuffer() call failed.");
            return;
        }

        int n = Receive(buffer, out int errno);
        if (n > 0)
        {
            try
            {
                protocol.Received(buffer[..n]);
            }
            catch (Exception e)
            {
                FatalError(e, protocol.DeliveryFailed);
            }
        }
        else if (n == 0)
        {
            OnEof(protocol);
        }
        else if (!Errno.IsWouldBlock(errno))
        {
            FatalError(OsError(errno), $"Fatal read error on {Kind} transport");
        }
    }

    /// <summary>Writability: send what is queued; once it is all gone, finish a pending close.</summary>
    protected void WriteBuffered()
    {
        if (ConnLost > 0)
        {
            return;
        }

        if (_buffer.Count == 0)
        {
            OnWritableWhileEmpty();
            return;
        }

        int n = Send(_buffer.Pending, out int errno);
        if (n < 0)
        {
            if (!Errno.IsWouldBlock(errno))
            {
                FatalError(OsError(errno), $"Fatal write error on {Kind} transport");
            }

            return;
        }

        _buffer.Consume(n);
        MaybeResumeProtocol(); // may write more
        if (_buffer.Count > 0)
        {
            return;
        }

        Watch(IoEvents.Write, false);
        OnDrained();
        if (Closing)
        {
            CallConnectionLost(null);
        }
    }

    /// <summary>
    /// The peer closed its side (asyncio's socket <c>_read_ready__on_eof</c>): the protocol decides whether
    /// the transport stays open for writing.
    /// </summary>
    protected virtual void OnEof(StreamProtocol protocol)
    {
        bool keepOpen;
        try
        {
            keepOpen = protocol.EofReceived();
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error: Protocol.EofReceived() call failed.");
            return;
        }

        if (keepOpen)
        {
            // The connection stays open for writing, but nothing more can arrive.
            Watch(IoEvents.Read, false);
        }
        else
        {
            Close();
        }
    }

    /// <summary>The write buffer has just drained (a half-close or a waiting sendfile may go next).</summary>
    protected virtual void OnDrained()
    {
    }

    /// <summary>Writable with nothing queued: only a sender waiting for room (sendfile) asked for it.</summary>
    protected virtual void OnWritableWhileEmpty()
    {
    }

    protected abstract int Send(ReadOnlySpan<byte> data, out int errno);

    protected abstract int Receive(Span<byte> buffer, out int errno);

    /// <summary>The exception an OS error is reported as.</summary>
    protected abstract Exception OsError(int errno);

    protected sealed override void ClearBuffer() => _buffer.Clear();
}
