namespace Aio;

public sealed partial class EventLoop
{
    // asyncio's fallback reads 16 KiB at a time; a larger block costs one executor hop per 256 KiB instead.
    private const int SendfileFallbackBlock = 256 * 1024;

    /// <summary>
    /// Sends a file over a transport (asyncio's <c>loop.sendfile</c>): <paramref name="count"/> bytes (all to
    /// the end when null) from <paramref name="offset"/>, returning how many were sent. On a socket
    /// transport the kernel copies the file with <c>sendfile(2)</c>, without passing it through user
    /// memory; elsewhere (TLS, pipes, files the kernel cannot send) it reads blocks on the executor and
    /// writes them, waiting whenever the transport's write buffer is over its high-water mark. Reading is
    /// paused meanwhile, and the file's position is left after the last byte sent, as asyncio leaves it.
    /// </summary>
    /// <param name="transport">A stream transport, for example <c>writer.Transport</c>.</param>
    /// <param name="file">A file opened for reading.</param>
    /// <param name="offset">Where in the file to start.</param>
    /// <param name="count">How many bytes to send; null sends to the end of the file.</param>
    /// <param name="fallback">Whether to read and write when <c>sendfile(2)</c> cannot be used; false raises <see cref="SendfileNotAvailableError"/> instead.</param>
    /// <exception cref="ArgumentException">A bad offset or count, or a file not opened for reading.</exception>
    /// <exception cref="InvalidOperationException">The transport is closing.</exception>
    public async Coroutine<long> SendfileAsync(Transport transport, FileStream file, long offset = 0, long? count = null, bool fallback = true)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(file);
        if (!file.CanRead)
        {
            throw new ArgumentException("The file must be open for reading", nameof(file));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (count is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be a positive integer (got {count})");
        }

        if (transport.IsClosing)
        {
            throw new InvalidOperationException("Transport is closing");
        }

        bool wasReading = transport.IsReading;
        transport.PauseReading();
        try
        {
            if (transport is SocketTransport socket && file.CanSeek)
            {
                try
                {
                    long sent = await socket.SendfileNativeAsync(file.SafeFileHandle, offset, count ?? 0);
                    file.Position = offset + sent;
                    return sent;
                }
                catch (SendfileNotAvailableError) when (fallback)
                {
                    // Nothing was sent: read and write instead.
                }
            }
            else if (!fallback)
            {
                throw new SendfileNotAvailableError($"sendfile(2) cannot send on {transport.GetType().Name}");
            }

            return await SendfileFallbackAsync(transport, file, offset, count);
        }
        finally
        {
            if (wasReading && !transport.IsClosing)
            {
                transport.ResumeReading();
            }
        }
    }

    private async Coroutine<long> SendfileFallbackAsync(Transport transport, FileStream file, long offset, long? count)
    {
        var flow = new SendfileFallbackProtocol(transport);
        byte[] block = new byte[(int)Math.Min(count ?? SendfileFallbackBlock, SendfileFallbackBlock)];
        long sent = 0;
        try
        {
            while (count is null || sent < count)
            {
                int want = (int)Math.Min(block.Length, (count ?? long.MaxValue) - sent);
                long at = offset + sent;
                int read = file.CanSeek
                    ? await RunInExecutorAsync(null, () => RandomAccess.Read(file.SafeFileHandle, block.AsSpan(0, want), at))
                    : await RunInExecutorAsync(null, () => file.Read(block, 0, want));
                if (read == 0)
                {
                    break;
                }

                await flow.DrainAsync();
                transport.Write(block.AsSpan(0, read));
                sent += read;
            }

            await flow.DrainAsync();
            return sent;
        }
        finally
        {
            flow.Restore();
            if (file.CanSeek)
            {
                file.Position = offset + sent;
            }
        }
    }
}
