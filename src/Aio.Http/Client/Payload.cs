using System.Text;
using System.Text.Json;

namespace Aio.Http.Client;

/// <summary>
/// A request body (aiohttp's <c>Payload</c>): its bytes, its <c>Content-Type</c>, and its length when
/// known; a body of unknown length is sent with chunked transfer coding.
/// </summary>
public abstract class Payload
{
    /// <summary>Creates a payload.</summary>
    protected Payload(string? contentType) => _contentType = contentType;

    private readonly string? _contentType;

    /// <summary>The <c>Content-Type</c> sent unless the request sets its own.</summary>
    public virtual string? ContentType => _contentType;

    /// <summary>The body's length in bytes, or null to send it chunked.</summary>
    public abstract long? Length { get; }

    /// <summary>A body of raw bytes, <c>application/octet-stream</c> unless told otherwise.</summary>
    public static Payload FromBytes(ReadOnlyMemory<byte> bytes, string contentType = "application/octet-stream") => new BytesPayload(bytes, contentType);

    /// <summary>A text body, encoded in UTF-8 (or <paramref name="encoding"/>), <c>text/plain</c> unless told otherwise.</summary>
    public static Payload FromText(string text, string contentType = "text/plain", Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        encoding ??= Encoding.UTF8;
        return new BytesPayload(encoding.GetBytes(text), contentType.Contains("charset=", StringComparison.OrdinalIgnoreCase) ? contentType : $"{contentType}; charset={encoding.WebName}");
    }

    /// <summary>A JSON body serialised with System.Text.Json (web defaults unless <paramref name="options"/> are given).</summary>
    public static Payload FromJson<T>(T value, JsonSerializerOptions? options = null) =>
        new BytesPayload(JsonSerializer.SerializeToUtf8Bytes(value, HttpJson.Or(options)), "application/json");

    /// <summary>A body streamed from <paramref name="chunks"/> with chunked transfer coding (aiohttp's async-iterable payload).</summary>
    public static Payload FromStream(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, string contentType = "application/octet-stream") => new StreamPayload(chunks, contentType);

    /// <summary>Writes the body; <paramref name="sink"/> frames it (chunked or not).</summary>
    internal abstract Coroutine WriteToAsync(BodySink sink);
}

/// <summary>Bytes already in memory.</summary>
internal sealed class BytesPayload(ReadOnlyMemory<byte> bytes, string? contentType) : Payload(contentType)
{
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    public override long? Length => Bytes.Length;

    internal override async Coroutine WriteToAsync(BodySink sink)
    {
        sink.Write(Bytes.Span);
        await sink.DrainAsync();
    }
}

/// <summary>Chunks produced as the request is sent.</summary>
internal sealed class StreamPayload(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, string? contentType) : Payload(contentType)
{
    private bool _used;

    public override long? Length => null;

    internal override async Coroutine WriteToAsync(BodySink sink)
    {
        if (_used)
        {
            throw new InvalidOperationException("A streamed payload can be sent once; it cannot be replayed for a redirect or a retry.");
        }

        _used = true;
        await foreach (ReadOnlyMemory<byte> chunk in chunks)
        {
            sink.Write(chunk.Span);
            await sink.DrainAsync();
        }
    }
}
