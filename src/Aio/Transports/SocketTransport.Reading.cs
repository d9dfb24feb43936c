using Aio.Native;

namespace Aio;

internal sealed partial class SocketTransport
{
    private void ReadReady()
    {
        if (_connLost > 0)
        {
            return;
        }

        if (_buffered is not null)
        {
            ReadIntoProtocolBuffer(_buffered);
            return;
        }

        Span<byte> buffer = Loop.Reactor.ReceiveBuffer;
        int n = SocketIo.Recv(_fd, buffer, out int errno);
        if (n <= 0)
        {
            OnReceiveEnded(n, errno);
            return;
        }

        try
        {
            _plain!.DataReceived(buffer[..n]);
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error: Protocol.DataReceived() call failed.");
        }
    }

    private void ReadIntoProtocolBuffer(BufferedProtocol protocol)
    {
        Memory<byte> buffer;
        try
        {
            buffer = protocol.GetBuffer(-1);
            if (buffer.IsEmpty)
            {
                throw new InvalidOperationException("BufferedProtocol.GetBuffer() returned an empty buffer");
            }
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error: BufferedProtocol.GetBuffer() call failed.");
            return;
        }

        int n = SocketIo.Recv(_fd, buffer.Span, out int errno);
        if (n <= 0)
        {
            OnReceiveEnded(n, errno);
            return;
        }

        try
        {
            protocol.BufferUpdated(n);
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error: BufferedProtocol.BufferUpdated() call failed.");
        }
    }

    /// <summary>A receive returned 0 (end of stream) or failed.</summary>
    private void OnReceiveEnded(int n, int errno)
    {
        if (n < 0)
        {
            if (!Errno.IsWouldBlock(errno))
            {
                FatalError(Errno.Exception(errno), "Fatal read error on socket transport");
            }

            return;
        }

        bool keepOpen;
        try
        {
            keepOpen = _plain?.EofReceived() ?? _buffered!.EofReceived();
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
}
