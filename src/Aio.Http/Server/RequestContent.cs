using Aio.Http.Protocol;

namespace Aio.Http.Server;

/// <summary>
/// A request body read as it arrives (aiohttp's <c>StreamReader</c> at <c>request.content</c>): chunks of
/// whatever size the network delivered, or up to <c>n</c> bytes. Reading sends <c>100 Continue</c> first when
/// the client asked for it. The body is decoded from the connection's buffer; bytes are copied once.
/// <c>await foreach (ReadOnlyMemory&lt;byte&gt; chunk in request.Content)</c> reads it chunk by chunk to its end,
/// as aiohttp's <c>async for chunk in request.content.iter_any()</c>.
/// </summary>
public sealed class RequestContent : IAsyncEnumerable<ReadOnlyMemory<byte>>
{
    private readonly HttpConnection _connection;
    private ReadOnlyMemory<byte> _pending;

    internal RequestContent(HttpConnection connection)
    {
        _connection = connection;
    }

    /// <summary>Whether the whole body has been read.</summary>
    public bool AtEof => _pending.IsEmpty && _connection.BodyComplete;

    /// <summary>The next piece of the body as it arrived; empty at the end.</summary>
    /// <exception cref="Aio.Http.Protocol.HttpParseException">The chunked framing is malformed (the server answers 400).</exception>
    /// <exception cref="IOException">The client closed the connection before the end of the body.</exception>
    /// <remarks>Cancel safety: if cancelled while waiting, no bytes are lost.</remarks>
    public async Coroutine<ReadOnlyMemory<byte>> ReadChunkAsync()
    {
        if (!_pending.IsEmpty)
        {
            ReadOnlyMemory<byte> pending = _pending;
            _pending = default;
            return pending;
        }

        return await _connection.ReadBodyChunkAsync();
    }

    /// <summary>Up to <paramref name="n"/> bytes of the body; empty at the end (aiohttp's <c>read(n)</c>).</summary>
    /// <remarks>Cancel safety: if cancelled while waiting, no bytes are lost.</remarks>
    public async Coroutine<ReadOnlyMemory<byte>> ReadAsync(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ReadOnlyMemory<byte> chunk = await ReadChunkAsync();
        if (chunk.Length > n)
        {
            _pending = chunk[n..];
            chunk = chunk[..n];
        }

        return chunk;
    }

    /// <summary>The body's chunks as they arrive, until its end (aiohttp's <c>iter_any()</c>).</summary>
    /// <remarks>Each chunk is its own copy of the bytes: it stays valid after the next one is read.</remarks>
    public IAsyncEnumerator<ReadOnlyMemory<byte>> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        BodyChunks.EnumerateAsync(ReadChunkAsync, cancellationToken);
}
