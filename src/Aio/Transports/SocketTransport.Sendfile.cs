using Aio.Native;
using Microsoft.Win32.SafeHandles;

namespace Aio;

/// <summary>
/// <c>sendfile(2)</c> on a socket transport (asyncio's <c>_sendfile_native</c>): the transport's buffer is
/// drained first, then the kernel copies the file to the socket; when the socket is full the coroutine
/// waits for it to become writable through the transport's own reactor registration. While it runs,
/// <see cref="Write"/> raises (asyncio's "unable to write; sendfile is in progress") so no bytes can
/// interleave with the file's.
/// </summary>
internal sealed partial class SocketTransport
{
    // One sendfile(2) call copies at most this much, so a huge file does not hold the loop in the kernel.
    private const int SendfileChunk = 1 << 20;

    private Future<object?>? _writeWaiter;
    private bool _sendfileActive;

    /// <summary>Sends <paramref name="count"/> bytes (0: to the end) of <paramref name="file"/> from <paramref name="offset"/>.</summary>
    /// <exception cref="SendfileNotAvailableError">The kernel cannot sendfile from this file (nothing was sent).</exception>
    internal async Coroutine<long> SendfileNativeAsync(SafeFileHandle file, long offset, long count)
    {
        if (_sendfileActive)
        {
            throw new InvalidOperationException("EventLoop.SendfileAsync() is already sending on this transport");
        }

        _sendfileActive = true;
        long sent = 0;
        try
        {
            if (Core.BufferSize > 0)
            {
                await WaitWritable();
            }

            while (count == 0 || sent < count)
            {
                if (Core.Closing || Core.ConnLost > 0)
                {
                    throw new IOException("The connection was closed while EventLoop.SendfileAsync() was sending on it");
                }

                long chunk = count == 0 ? SendfileChunk : Math.Min(count - sent, SendfileChunk);
                long n = SendfileOnce(file, offset + sent, chunk, out int errno);
                if (n > 0)
                {
                    sent += n;
                }
                else if (n == 0)
                {
                    break; // End of file.
                }
                else if (Errno.IsWouldBlock(errno))
                {
                    await WaitWritable();
                }
                else if (sent == 0 && errno is 22 or 38 or 95)
                {
                    // EINVAL, ENOSYS, EOPNOTSUPP: this file (a pipe, a /proc file...) cannot be sent by the kernel.
                    throw new SendfileNotAvailableError($"sendfile(2) cannot send this file: {Errno.Exception(errno).Message}");
                }
                else
                {
                    throw Errno.Exception(errno);
                }
            }

            return sent;
        }
        finally
        {
            _sendfileActive = false;
            if (_writeWaiter is { } abandoned)
            {
                // Cancelled while waiting: stop watching for writability unless buffered data needs it.
                _writeWaiter = null;
                abandoned.Cancel();
                if (Core.BufferSize == 0 && Core.ConnLost == 0)
                {
                    Core.Watch(IoEvents.Write, false);
                }
            }
        }
    }

    private unsafe long SendfileOnce(SafeFileHandle file, long offset, long count, out int errno)
    {
        bool added = false;
        file.DangerousAddRef(ref added);
        try
        {
            long position = offset;
            long n = Libc.sendfile(Core.Fd, (int)file.DangerousGetHandle(), &position, (nuint)count);
            errno = n < 0 ? System.Runtime.InteropServices.Marshal.GetLastPInvokeError() : 0;
            return n;
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    /// <summary>A future that completes once the write buffer is empty and the socket can take more.</summary>
    private Future<object?> WaitWritable()
    {
        _writeWaiter = Loop.CreateFuture();
        Core.Watch(IoEvents.Write, true);
        return _writeWaiter;
    }

    private void CompleteWriteWaiter()
    {
        if (_writeWaiter is { } waiter)
        {
            _writeWaiter = null;
            Core.Watch(IoEvents.Write, false);
            waiter.TrySetResult(null);
        }
    }

    private void FailWriteWaiter(Exception? error)
    {
        if (_writeWaiter is { } waiter)
        {
            _writeWaiter = null;
            waiter.TrySetException(new IOException("The connection was lost while EventLoop.SendfileAsync() was sending on it", error));
        }
    }
}
