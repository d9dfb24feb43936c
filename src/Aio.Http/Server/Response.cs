using System.Text;
using System.Text.Json;
using Aio.Http.Protocol;

namespace Aio.Http.Server;

/// <summary>
/// A response with its whole body known up front (aiohttp's <c>web.Response</c>): text, bytes or JSON.
/// The head and body leave in one write.
/// </summary>
public class Response : StreamResponse
{
    private byte[] _body;

    /// <summary>A text response (<c>text/plain; charset=utf-8</c> unless <paramref name="contentType"/> is given).</summary>
    public Response(string text, int status = 200, string? reason = null, string contentType = "text/plain", HttpHeaders? headers = null)
        : base(status, reason, headers)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(contentType);
        _body = Encoding.UTF8.GetBytes(text);
        ContentType = contentType.Contains("charset", StringComparison.OrdinalIgnoreCase) ? contentType : contentType + "; charset=utf-8";
    }

    /// <summary>A bytes response (<c>application/octet-stream</c> unless <paramref name="contentType"/> is given).</summary>
    public Response(byte[] body, int status = 200, string? reason = null, string contentType = "application/octet-stream", HttpHeaders? headers = null)
        : base(status, reason, headers)
    {
        ArgumentNullException.ThrowIfNull(body);
        _body = body;
        ContentType = contentType;
    }

    /// <summary>An empty response with <paramref name="status"/>.</summary>
    public Response(int status = 200, string? reason = null, HttpHeaders? headers = null)
        : base(status, reason, headers)
    {
        _body = [];
    }

    /// <summary>The body bytes.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>The body as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(_body);

    /// <summary>A JSON response (aiohttp's <c>web.json_response</c>), serialised with System.Text.Json (<see cref="System.Text.Json.JsonSerializerOptions.Web"/> unless <paramref name="options"/> are given).</summary>
    public static Response Json<T>(T value, int status = 200, JsonSerializerOptions? options = null) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, HttpJson.Or(options)), status, contentType: "application/json; charset=utf-8");

    /// <summary>Replaces the body.</summary>
    public void SetBody(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        _body = body;
    }

    /// <summary>Sends the head and the whole body in one write; the body is complete afterwards.</summary>
    public override async Coroutine PrepareAsync(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Prepared)
        {
            return;
        }

        ContentLength = _body.Length;
        bool bodyless = request.Method == "HEAD" || Status is < 200 or 204 or 304;
        SendHead(request, bodyless ? ReadOnlySpan<byte>.Empty : _body, complete: true);
        await request.Connection.DrainAsync();
    }
}
