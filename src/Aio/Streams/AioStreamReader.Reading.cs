namespace Aio;

public sealed partial class AioStreamReader
{
    /// <summary>
    /// Reads up to <paramref name="n"/> bytes (asyncio's <c>read(n)</c>): at least one unless the stream
    /// ended, in which case the array is empty. With <paramref name="n"/> &lt; 0 it reads to the end.
    /// </summary>
    /// <remarks>Cancel safety: if cancelled while waiting, nothing is consumed.</remarks>
    public async Coroutine<byte[]> ReadAsync(int n = -1)
    {
        ThrowIfFailed();
        if (n == 0)
        {
            return [];
        }

        if (n < 0)
        {
            return await ReadToEndAsync();
        }

        if (_buffer.Count == 0 && !_eof)
        {
            await WaitForData("read");
        }

        byte[] data = _buffer.Take(Math.Min(n, _buffer.Count));
        MaybeResumeTransport();
        return data;
    }

    /// <summary>
    /// Reads limit-sized blocks until the end, so a paused transport is resumed as the buffer drains.
    /// Apart from <see cref="ReadAsync(int)"/>, whose frame is what a connection waiting for data holds:
    /// without these locals it is smaller.
    /// </summary>
    private async Coroutine<byte[]> ReadToEndAsync()
    {
        using var all = new MemoryStream();
        while (true)
        {
            byte[] block = await ReadAsync(Limit);
            if (block.Length == 0)
            {
                return all.ToArray();
            }

            all.Write(block);
        }
    }

    /// <summary>
    /// Reads into <paramref name="destination"/> without allocating (the .NET counterpart of
    /// <c>read(n)</c>): at least one byte unless the stream ended, in which case 0.
    /// </summary>
    /// <remarks>Cancel safety: if cancelled while waiting, nothing is consumed.</remarks>
    public async Coroutine<int> ReadAsync(Memory<byte> destination)
    {
        ThrowIfFailed();
        if (destination.IsEmpty)
        {
            return 0;
        }

        if (_buffer.Count == 0 && !_eof)
        {
            await WaitForData("read");
        }

        int n = Math.Min(destination.Length, _buffer.Count);
        _buffer.Pending[..n].CopyTo(destination.Span);
        _buffer.Consume(n);
        MaybeResumeTransport();
        return n;
    }

    /// <summary>
    /// Reads exactly <paramref name="n"/> bytes (asyncio's <c>readexactly</c>).
    /// </summary>
    /// <remarks>Cancel safety: if cancelled while waiting, nothing is consumed.</remarks>
    /// <exception cref="IncompleteReadError">The stream ended first; <see cref="IncompleteReadError.Partial"/> has what was read.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public async Coroutine<byte[]> ReadExactlyAsync(int n)
    {
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "readexactly size can not be less than zero");
        }

        ThrowIfFailed();
        if (n == 0)
        {
            return [];
        }

        while (_buffer.Count < n)
        {
            if (_eof)
            {
                throw new IncompleteReadError(_buffer.Take(_buffer.Count), n);
            }

            await WaitForData("readexactly");
        }

        byte[] data = _buffer.Take(n);
        MaybeResumeTransport();
        return data;
    }

    /// <summary>
    /// Reads a line ending with <c>\n</c> (asyncio's <c>readline</c>). At the end of the stream it returns
    /// the incomplete last line, or an empty array.
    /// </summary>
    /// <remarks>Cancel safety: if cancelled while waiting, nothing is consumed.</remarks>
    /// <exception cref="InvalidDataException">
    /// The line is longer than the limit (asyncio raises <c>ValueError</c>). The line is dropped from the
    /// buffer if its end was seen, else the whole buffer is.
    /// </exception>
    public async Coroutine<byte[]> ReadLineAsync()
    {
        try
        {
            return await ReadUntilAsync(s_newline);
        }
        catch (IncompleteReadError e)
        {
            return e.Partial;
        }
        catch (LimitOverrunError e)
        {
            ReadOnlySpan<byte> pending = _buffer.Pending;
            if (pending.Length > e.Consumed && pending[e.Consumed] == (byte)'\n')
            {
                _buffer.Consume(e.Consumed + 1);
            }
            else
            {
                _buffer.Clear();
            }

            MaybeResumeTransport();
            throw new InvalidDataException(e.Message, e);
        }
    }

    /// <summary>Reads up to and including a newline.</summary>
    public Coroutine<byte[]> ReadUntilAsync() => ReadUntilAsync(s_newline);

    /// <summary>
    /// Reads up to and including <paramref name="separator"/> (asyncio's <c>readuntil</c>).
    /// </summary>
    /// <remarks>Cancel safety: if cancelled while waiting, nothing is consumed.</remarks>
    /// <exception cref="IncompleteReadError">The stream ended first; the buffer is emptied into <see cref="IncompleteReadError.Partial"/>.</exception>
    /// <exception cref="LimitOverrunError">More than the limit arrived without the separator, or it came too late; the data stays buffered.</exception>
    /// <exception cref="ArgumentException">The separator is empty.</exception>
    public async Coroutine<byte[]> ReadUntilAsync(ReadOnlyMemory<byte> separator)
    {
        int seplen = separator.Length;
        if (seplen == 0)
        {
            throw new ArgumentException("Separator should be at least one-byte string", nameof(separator));
        }

        ThrowIfFailed();

        // Bytes from the start of the buffer known not to begin the separator.
        int offset = 0;
        int isep;
        while (true)
        {
            int buflen = _buffer.Count;
            if (buflen - offset >= seplen)
            {
                int found = _buffer.Pending[offset..].IndexOf(separator.Span);
                if (found >= 0)
                {
                    isep = offset + found;
                    break;
                }

                offset = buflen + 1 - seplen;
                if (offset > Limit)
                {
                    throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
                }
            }

            // A complete separator may have arrived with the end of the stream: look before giving up.
            if (_eof)
            {
                throw new IncompleteReadError(_buffer.Take(_buffer.Count), null);
            }

            await WaitForData("readuntil");
        }

        if (isep > Limit)
        {
            throw new LimitOverrunError("Separator is found, but chunk is longer than limit", isep);
        }

        byte[] chunk = _buffer.Take(isep + seplen);
        MaybeResumeTransport();
        return chunk;
    }

    /// <summary>Lines until the end of the stream (asyncio's <c>async for line in reader</c>).</summary>
    public async IAsyncEnumerator<byte[]> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] line = await ReadLineAsync();
            if (line.Length == 0)
            {
                yield break;
            }

            yield return line;
        }
    }

    private static readonly ReadOnlyMemory<byte> s_newline = "\n"u8.ToArray();
}
