using System.Net;
using System.Text;
using System.Text.Json;
using Aio.Http.Protocol;

namespace Aio.Http.Server;

/// <summary>
/// An incoming request (aiohttp's <c>web.Request</c>): method, path, match info, query, headers,
/// cookies, the body (whole or streamed) and the client's address.
/// </summary>
public sealed class Request
{
    private readonly HttpRequestHead _head;
    private MultiDict? _query;
    private Dictionary<string, string>? _cookies;
    private byte[]? _body;
    private string? _path;

    internal Request(HttpConnection connection, HttpRequestHead head, Application app)
    {
        Connection = connection;
        _head = head;
        App = app;
        Content = new RequestContent(connection);
    }

    /// <summary>The method (<c>GET</c>, <c>POST</c>...).</summary>
    public string Method => _head.Method;

    /// <summary>The request target as sent (<c>/path?query</c>).</summary>
    public string RawTarget => _head.Target;

    /// <summary>The path, percent-decoded (aiohttp's <c>request.path</c>).</summary>
    public string Path => _path ??= Unescape(_head.Path);

    /// <summary>The path as sent, still percent-encoded (aiohttp's <c>raw_path</c> without the query).</summary>
    public string RawPath => _head.Path;

    /// <summary>The query string as sent, without <c>?</c>.</summary>
    public string QueryString => _head.QueryString;

    /// <summary>The decoded query parameters, in order and multi-valued (aiohttp's <c>request.query</c>).</summary>
    public MultiDict Query => _query ??= MultiDict.ParseUrlEncoded(_head.QueryString);

    /// <summary>HTTP/1.0 or HTTP/1.1.</summary>
    public HttpProtocolVersion Version => _head.Version;

    /// <summary>The header fields.</summary>
    public HttpHeaders Headers => _head.Headers;

    /// <summary>The <c>Host</c> field.</summary>
    public string? Host => _head.Headers["Host"];

    /// <summary>The media type of <c>Content-Type</c> without parameters (<c>application/octet-stream</c> if absent, as in aiohttp).</summary>
    public string ContentType => HeaderParameters.MediaType(Headers["Content-Type"]);

    /// <summary>The <c>charset</c> parameter of <c>Content-Type</c>, or null.</summary>
    public string? Charset => HeaderParameters.Get(Headers["Content-Type"], "charset");

    /// <summary>The declared body length, or null for a chunked body or none.</summary>
    public long? ContentLength => _head.ContentLength >= 0 ? _head.ContentLength : null;

    /// <summary>Whether the request has a body (aiohttp's <c>body_exists</c>).</summary>
    public bool HasBody => _head.Framing != HttpBodyFraming.None && _head.ContentLength != 0;

    /// <summary>Whether the client allows another request on this connection.</summary>
    public bool KeepAlive => _head.KeepAlive;

    /// <summary>
    /// Whether the client asks to switch protocols: <c>Connection: upgrade</c> with an <c>Upgrade</c>
    /// field (a WebSocket handshake, for one). A handler that takes the upgrade detaches the connection
    /// (<see cref="DetachConnection"/>); <see cref="Aio.Http.WebSockets.WebSocketResponse"/> does so.
    /// </summary>
    public bool IsUpgrade => _head.IsUpgrade;

    /// <summary>The cookies of the <c>Cookie</c> field.</summary>
    public IReadOnlyDictionary<string, string> Cookies => _cookies ??= ParseCookies(Headers.GetAll("Cookie"));

    /// <summary>The values the route's <c>{name}</c> variables matched (aiohttp's <c>match_info</c>).</summary>
    public IReadOnlyDictionary<string, string> MatchInfo { get; internal set; } = new Dictionary<string, string>();

    /// <summary>The route that matched, or null (no match: the handler raises 404 or 405).</summary>
    public Route? MatchedRoute { get; internal set; }

    /// <summary>The application that serves the request (the sub-application for a prefixed route).</summary>
    public Application App { get; internal set; }

    /// <summary>The client's address as text (aiohttp's <c>remote</c>), or null for a Unix socket.</summary>
    public string? Remote => (Connection.Transport?.GetExtraInfo("peername") as IPEndPoint)?.Address.ToString();

    /// <summary>The client's endpoint (<c>peername</c>).</summary>
    public EndPoint? RemoteEndPoint => Connection.Transport?.GetExtraInfo("peername") as EndPoint;

    /// <summary>Per-request state for middlewares and handlers (aiohttp's <c>request["key"]</c>).</summary>
    public Dictionary<string, object?> Items { get; } = new(StringComparer.Ordinal);

    /// <summary>The streamed body (aiohttp's <c>request.content</c>).</summary>
    public RequestContent Content { get; }

    /// <summary>The response sent for this request, once prepared.</summary>
    public StreamResponse? Response { get; internal set; }

    internal HttpConnection Connection { get; }

    /// <summary>
    /// Reads the whole body (aiohttp's <c>read()</c>), at most the application's
    /// <see cref="Application.ClientMaxSize"/> bytes; the result is kept for later calls.
    /// </summary>
    /// <exception cref="HttpRequestEntityTooLarge">The body is larger than the limit (the server answers 413).</exception>
    /// <remarks>Cancel safety: cancelling it may lose body bytes read so far; the connection is then closed after the response.</remarks>
    public async Coroutine<byte[]> ReadAsync()
    {
        if (_body is not null)
        {
            return _body;
        }

        long max = App.ClientMaxSize;
        if (ContentLength > max)
        {
            throw new HttpRequestEntityTooLarge(max, ContentLength.Value);
        }

        if (ContentLength is { } length && Connection.TryTakeBufferedBody(length, out byte[]? whole))
        {
            return _body = whole;
        }

        var body = new MemoryStream(ContentLength is { } n ? (int)n : 0);
        while (true)
        {
            ReadOnlyMemory<byte> chunk = await Content.ReadChunkAsync();
            if (chunk.IsEmpty)
            {
                break;
            }

            body.Write(chunk.Span);
            if (body.Length > max)
            {
                throw new HttpRequestEntityTooLarge(max, body.Length);
            }
        }

        return _body = body.ToArray();
    }

    /// <summary>Reads the body as text in the <c>Content-Type</c> charset (UTF-8 by default) (aiohttp's <c>text()</c>).</summary>
    public async Coroutine<string> TextAsync()
    {
        byte[] body = await ReadAsync();
        return EncodingOf(Charset).GetString(body);
    }

    /// <summary>Reads the body as JSON (aiohttp's <c>json()</c>) with System.Text.Json (<see cref="JsonSerializerOptions.Web"/> unless <paramref name="options"/> are given).</summary>
    /// <exception cref="HttpBadRequest">The body is not valid JSON for <typeparamref name="T"/>.</exception>
    public async Coroutine<T?> JsonAsync<T>(JsonSerializerOptions? options = null)
    {
        byte[] body = await ReadAsync();
        try
        {
            return JsonSerializer.Deserialize<T>(body, HttpJson.Or(options));
        }
        catch (JsonException e)
        {
            throw new HttpBadRequest($"invalid JSON body: {e.Message}");
        }
    }

    /// <summary>
    /// Reads a form (aiohttp's <c>post()</c>): <c>application/x-www-form-urlencoded</c> or
    /// <c>multipart/form-data</c> (files included); an empty form for other content types.
    /// </summary>
    /// <exception cref="HttpBadRequest">The multipart body is malformed.</exception>
    public async Coroutine<FormFields> PostAsync()
    {
        string type = ContentType;
        if (type == "application/x-www-form-urlencoded")
        {
            byte[] body = await ReadAsync();
            return new FormFields(MultiDict.ParseUrlEncoded(EncodingOf(Charset).GetString(body)), []);
        }

        if (type == "multipart/form-data")
        {
            byte[] body = await ReadAsync();
            return MultipartFormReader.Read(body, Headers["Content-Type"]!);
        }

        return new FormFields(new MultiDict(), []);
    }

    /// <summary>
    /// Hands the connection to another protocol after a <c>101 Switching Protocols</c> response has been
    /// prepared (the WebSocket upgrade hook). The HTTP server stops reading, writing and timing the
    /// connection; bytes the client sent after the request head are returned in the result, and later
    /// bytes go to <paramref name="protocol"/>, which also receives <c>ConnectionLost</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No 101 response has been prepared, or the connection was already taken.</exception>
    public UpgradedConnection DetachConnection(BaseProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        if (Response is not { Status: 101, Prepared: true })
        {
            throw new InvalidOperationException("prepare a 101 Switching Protocols response before taking over the connection");
        }

        return Connection.Detach(protocol);
    }

    /// <summary>The request line.</summary>
    public override string ToString() => $"<Request {Method} {RawTarget}>";

    internal static Encoding EncodingOf(string? charset) =>
        HeaderParameters.TryGetEncoding(charset, out Encoding encoding) ? encoding : throw new HttpBadRequest($"unknown charset {charset}");

    private static string Unescape(string path)
    {
        try
        {
            return path.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(path) : path;
        }
        catch (UriFormatException)
        {
            return path;
        }
    }

    private static Dictionary<string, string> ParseCookies(IReadOnlyList<string> fields)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string field in fields)
        {
            foreach (string pair in field.Split(';'))
            {
                int eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    continue;
                }

                string name = pair[..eq].Trim();
                string value = pair[(eq + 1)..].Trim().Trim('"');
                cookies.TryAdd(name, value);
            }
        }

        return cookies;
    }
}
