using Aio.Http.Protocol;

namespace Aio.Http.Client;

/// <summary>
/// A response body as it arrives (aiohttp's <c>response.content</c>, a <c>StreamReader</c>):
/// <c>await foreach (ReadOnlyMemory&lt;byte&gt; chunk in response.Content)</c>, <see cref="ReadAsync(int)"/>
/// for up to n bytes, <see cref="ReadExactlyAsync"/>. Bytes are decompressed when the session asks for it.
/// Each wait for bytes is bounded by the session's <c>SockRead</c> and <c>Total</c> timeouts.
/// </summary>
public sealed class ResponseContent : IAsyncEnumerable<ReadOnlyMemory<byte>>
{
    private readonly HttpBodyDecoder _body;
    private readonly long? _expectedLength;
    private readonly ContentDecoder? _decoder;
    private readonly double? _deadline;
    private readonly double? _sockRead;
    private readonly Action<bool>? _complete;
    private ClientConnection? _connection;
    private ReadOnlyMemory<byte> _pending;
    private bool _wireDone;
    private bool _decoderDone;

    internal ResponseContent(ClientConnection? connection, HttpBodyDecoder body, ContentDecoder? decoder, double? deadline, double? sockRead, Action<bool>? complete, long? expectedLength = null)
    {
        _expectedLength = expectedLength;
        _connection = connection;
        _body = body;
        _decoder = decoder;
        _deadline = deadline;
        _sockRead = sockRead;
        _complete = complete;
        if (body.IsComplete)
        {
            FinishWire(reusable: true);
        }
    }

    /// <summary>Whether every byte of the body has been handed out.</summary>
    public bool AtEof => _wireDone && _pending.IsEmpty && (_decoder is null || _decoderDone);

    /// <summary>Whether the whole body has arrived from the server (some may not be read yet).</summary>
    public bool IsComplete => _wireDone;

    /// <summary>Up to <paramref name="n"/> bytes, or the rest of the body when <paramref name="n"/> is -1; empty at the end.</summary>
    /// <exception cref="ClientPayloadError">The body was cut short or is malformed.</exception>
    /// <exception cref="ClientTimeoutError">A read timeout passed.</exception>
    public async Coroutine<byte[]> ReadAsync(int n = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, -1);
        if (n == -1)
        {
            if (_decoder is null && _pending.IsEmpty && _expectedLength is long expected and <= int.MaxValue)
            {
                // A body of known length is collected into one array of its size.
                byte[] body = new byte[expected - _body.BytesDecoded];
                int have = 0;
                for (ReadOnlyMemory<byte> c = await NextAsync(); !c.IsEmpty; c = await NextAsync())
                {
                    c.Span.CopyTo(body.AsSpan(have));
                    have += c.Length;
                }

                return body;
            }

            var all = new MemoryStream();
            await foreach (ReadOnlyMemory<byte> chunk in this)
            {
                all.Write(chunk.Span);
            }

            return all.ToArray();
        }

        if (n == 0)
        {
            return [];
        }

        if (_pending.IsEmpty)
        {
            _pending = await NextAsync();
        }

        int take = Math.Min(n, _pending.Length);
        byte[] result = _pending[..take].ToArray();
        _pending = _pending[take..];
        return result;
    }

    /// <summary>Exactly <paramref name="n"/> bytes.</summary>
    /// <exception cref="IncompleteReadError">The body ended first.</exception>
    public async Coroutine<byte[]> ReadExactlyAsync(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        byte[] result = new byte[n];
        int have = 0;
        while (have < n)
        {
            byte[] part = await ReadAsync(n - have);
            if (part.Length == 0)
            {
                throw new IncompleteReadError(result[..have], n);
            }

            part.CopyTo(result, have);
            have += part.Length;
        }

        return result;
    }

    /// <summary>The next chunk of the body as it arrived (aiohttp's <c>readany</c>/<c>iter_any</c>); empty at the end.</summary>
    public async Coroutine<ReadOnlyMemory<byte>> ReadChunkAsync()
    {
        if (!_pending.IsEmpty)
        {
            ReadOnlyMemory<byte> p = _pending;
            _pending = default;
            return p;
        }

        return await NextAsync();
    }

    /// <summary>The body's chunks as they arrive, until its end.</summary>
    public IAsyncEnumerator<ReadOnlyMemory<byte>> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        BodyChunks.EnumerateAsync(ReadChunkAsync, cancellationToken);

    /// <summary>Stops reading: the connection, if the body is not complete, is closed rather than reused.</summary>
    internal void Abandon()
    {
        if (!_wireDone)
        {
            _wireDone = true;
            _connection = null;
            _complete?.Invoke(false);
        }
    }

    private async Coroutine<ReadOnlyMemory<byte>> NextAsync()
    {
        while (true)
        {
            ReadOnlyMemory<byte> raw = await NextRawAsync();
            if (_decoder is null)
            {
                return raw;
            }

            if (_decoderDone)
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            if (raw.IsEmpty)
            {
                _decoderDone = true;
                ReadOnlyMemory<byte> rest = _decoder.Finish();
                _decoder.Dispose();
                return rest;
            }

            ReadOnlyMemory<byte> decoded = _decoder.Decode(raw);
            if (!decoded.IsEmpty)
            {
                return decoded;
            }
        }
    }

    /// <summary>The next run of body bytes off the wire, copied out of the connection's buffer; empty at the end.</summary>
    private async Coroutine<ReadOnlyMemory<byte>> NextRawAsync()
    {
        while (!_wireDone)
        {
            ClientConnection c = _connection!;
            ReadOnlySpan<byte> input = c.Buffered;
            if (!input.IsEmpty)
            {
                int consumed;
                ReadOnlySpan<byte> data;
                try
                {
                    consumed = _body.Decode(input, out data);
                }
                catch (HttpParseException e)
                {
                    Abandon();
                    throw new ClientPayloadError($"Malformed response body: {e.Message}", e);
                }

                byte[]? chunk = data.IsEmpty ? null : data.ToArray();
                c.Consume(consumed);
                if (_body.IsComplete)
                {
                    FinishWire(reusable: true);
                }

                if (chunk is not null)
                {
                    return chunk;
                }

                if (consumed > 0)
                {
                    continue;
                }
            }

            if (!_wireDone && !await FillAsync(c))
            {
                try
                {
                    _body.EndOfInput();
                }
                catch (HttpParseException e)
                {
                    Abandon();
                    throw new ClientPayloadError($"Response payload is not completed: {e.Message}", e);
                }

                // A body that ran until close: the connection is spent.
                FinishWire(reusable: false);
            }
        }

        return ReadOnlyMemory<byte>.Empty;
    }

    private async Coroutine<bool> FillAsync(ClientConnection c)
    {
        double? when = ReadDeadline(_deadline, _sockRead);
        if (when is null)
        {
            return await c.FillAsync();
        }

        try
        {
            await using (Asyncio.TimeoutAt(when))
            {
                return await c.FillAsync();
            }
        }
        catch (TimeoutException e) when (e is not ClientTimeoutError)
        {
            Abandon();
            throw new ClientTimeoutError("Timeout on reading data from socket", e);
        }
    }

    /// <summary>The earlier of the total deadline and a read timeout from now.</summary>
    internal static double? ReadDeadline(double? deadline, double? sockRead)
    {
        double? read = sockRead is double s ? Asyncio.GetRunningLoop().Time() + s : null;
        return (deadline, read) switch
        {
            (null, _) => read,
            (_, null) => deadline,
            (double a, double b) => Math.Min(a, b),
        };
    }

    private void FinishWire(bool reusable)
    {
        _wireDone = true;
        _connection = null;
        _complete?.Invoke(reusable);
    }
}
