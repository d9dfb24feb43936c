using Aio.Http.Protocol;
using System.Text;
using System.Text.Json;

namespace Aio.Http.Client;

/// <summary>
/// A response (aiohttp's <c>ClientResponse</c>): status and headers at once, the body on demand. Use it
/// with <c>await using</c>: disposing gives the connection back to the pool when the body was read to
/// the end, and closes it otherwise, so a half-read connection is never reused.
/// </summary>
public sealed class ClientResponse : IAsyncDisposable
{
    private byte[]? _body;
    private bool _released;

    internal ClientResponse(string method, Uri url, HttpResponseHead head)
    {
        Method = method;
        Url = url;
        Version = head.Version;
        Status = head.Status;
        Reason = head.Reason;
        Headers = head.Headers;
        (ContentType, Charset) = ParseContentType(Headers["Content-Type"]);
    }

    /// <summary>The request's method.</summary>
    public string Method { get; }

    /// <summary>The URL this response came from (after redirects, the last one).</summary>
    public Uri Url { get; }

    /// <summary>The HTTP version of the response.</summary>
    public HttpProtocolVersion Version { get; }

    /// <summary>The status code, for example 200.</summary>
    public int Status { get; }

    /// <summary>The reason phrase, for example <c>OK</c>.</summary>
    public string Reason { get; }

    /// <summary>Whether the status is below 400 (aiohttp's <c>ok</c>).</summary>
    public bool Ok => Status < 400;

    /// <summary>The response's header fields (case-insensitive, multi-valued).</summary>
    public HttpHeaders Headers { get; }

    /// <summary>The media type of <c>Content-Type</c>, lower case (<c>application/octet-stream</c> when absent, as aiohttp).</summary>
    public string ContentType { get; }

    /// <summary>The <c>charset</c> parameter of <c>Content-Type</c>, or null.</summary>
    public string? Charset { get; }

    /// <summary>The <c>Content-Length</c>, if the server sent one.</summary>
    public long? ContentLength => long.TryParse(Headers["Content-Length"], out long n) ? n : null;

    /// <summary>The responses of the redirects that led to this one, first first (aiohttp's <c>history</c>).</summary>
    public IReadOnlyList<ClientResponse> History { get; internal set; } = [];

    /// <summary>The body as a stream of bytes.</summary>
    public ResponseContent Content { get; internal set; } = null!;

    /// <summary>For a 101 response: the connection, waiting to be taken over by the upgraded protocol.</summary>
    internal UpgradeHandle? Upgrade { get; set; }

    /// <summary>The whole body (aiohttp's <c>read()</c>); kept, so later calls and <see cref="TextAsync"/> reuse it.</summary>
    /// <exception cref="ClientPayloadError">The body was cut short or is malformed.</exception>
    public async Coroutine<byte[]> ReadAsync()
    {
        _body ??= await Content.ReadAsync();
        return _body;
    }

    /// <summary>The body decoded as text: <paramref name="encoding"/>, else the <c>charset</c> of <c>Content-Type</c>, else UTF-8.</summary>
    public async Coroutine<string> TextAsync(Encoding? encoding = null)
    {
        byte[] body = await ReadAsync();
        return (encoding ?? EncodingOf(Charset)).GetString(body);
    }

    /// <summary>
    /// The body as JSON (System.Text.Json, web defaults). As aiohttp, the media type must be
    /// <paramref name="contentType"/> (JSON) unless that is null.
    /// </summary>
    /// <exception cref="ContentTypeError">The response is not JSON.</exception>
    /// <exception cref="JsonException">The body is not valid JSON for <typeparamref name="T"/>.</exception>
    public async Coroutine<T?> JsonAsync<T>(JsonSerializerOptions? options = null, string? contentType = "application/json")
    {
        if (contentType is not null && !ContentType.Equals(contentType, StringComparison.OrdinalIgnoreCase) && !ContentType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ContentTypeError(Status, Reason, Url, History, $"Attempt to decode JSON with unexpected mimetype: {ContentType}");
        }

        byte[] body = await ReadAsync();
        return JsonSerializer.Deserialize<T>(body, HttpJson.Or(options));
    }

    /// <summary>Throws <see cref="ClientResponseError"/> when the status is 400 or above (aiohttp's <c>raise_for_status()</c>).</summary>
    public void RaiseForStatus()
    {
        if (!Ok)
        {
            Release();
            throw new ClientResponseError(Status, Reason, Url, History);
        }
    }

    /// <summary>Gives the connection back (or closes it, if the body was not read to the end).</summary>
    public void Release()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        Upgrade?.Drop();
        Content?.Abandon();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Release();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"<ClientResponse({Url}) [{Status} {Reason}]>";

    internal static (string MediaType, string? Charset) ParseContentType(string? value) =>
        (HeaderParameters.MediaType(value), HeaderParameters.Get(value, "charset"));

    // As aiohttp's client, an unknown charset falls back to UTF-8 rather than failing the read.
    private static Encoding EncodingOf(string? charset) => HeaderParameters.TryGetEncoding(charset, out Encoding encoding) ? encoding : Encoding.UTF8;
}

/// <summary>The response's media type is not the one asked for (aiohttp's <c>ContentTypeError</c>).</summary>
public class ContentTypeError : ClientResponseError
{
    /// <summary>Creates the error.</summary>
    public ContentTypeError(int status, string reason, Uri url, IReadOnlyList<ClientResponse> history, string message)
        : base(status, reason, url, history, message)
    {
    }
}
