using Aio.Native;

namespace Aio;

internal sealed partial class SocketTransport
{
    // asyncio logs a warning once writes keep arriving after the connection was lost this many times.
    private const int LogThresholdForConnLostWrites = 5;

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (_eof)
        {
            throw new InvalidOperationException("Cannot call Write() after WriteEof()");
        }

        if (data.IsEmpty)
        {
            return;
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
            // The common case: the kernel takes it all and nothing is registered or copied.
            int n = SocketIo.Send(_fd, data, out int errno);
            if (n < 0)
            {
                if (!Errno.IsWouldBlock(errno))
                {
                    FatalError(Errno.Exception(errno), "Fatal write error on socket transport");
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

    public override void WriteEof()
    {
        if (_closing || _eof)
        {
            return;
        }

        _eof = true;
        if (_buffer.Count == 0)
        {
            Libc.shutdown(_fd, Errno.ShutWr);
        }
    }

    public override bool CanWriteEof() => true;

    private void WriteReady()
    {
        if (_connLost > 0 || _buffer.Count == 0)
        {
            return;
        }

        int n = SocketIo.Send(_fd, _buffer.Pending, out int errno);
        if (n < 0)
        {
            if (!Errno.IsWouldBlock(errno))
            {
                Watch(IoEvents.Write, false);
                _buffer.Clear();
                FatalError(Errno.Exception(errno), "Fatal write error on socket transport");
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
        if (_closing)
        {
            CallConnectionLost(null);
        }
        else if (_eof)
        {
            Libc.shutdown(_fd, Errno.ShutWr);
        }
    }
}
