using Aio.Http.Protocol;
namespace Aio.Http.Client;

/// <summary>
/// One request as it is about to be sent (aiohttp's <c>ClientRequest</c>): what middlewares see and may
/// change (headers, URL) before calling the next handler. Redirects make a new one for each hop.
/// </summary>
public sealed class ClientRequest
{
    internal ClientRequest(string method, Uri url, HttpHeaders headers, Payload? body, ClientTimeout timeout)
    {
        Method = method;
        Url = url;
        Headers = headers;
        Body = body;
        Timeout = timeout;
    }

    /// <summary>The method, upper case.</summary>
    public string Method { get; set; }

    /// <summary>The absolute URL, query included.</summary>
    public Uri Url { get; set; }

    /// <summary>The header fields to send; <c>Host</c>, <c>Content-Length</c> and <c>Transfer-Encoding</c> are added when sent.</summary>
    public HttpHeaders Headers { get; }

    /// <summary>The body, or null.</summary>
    public Payload? Body { get; set; }

    /// <summary>The time limits of this request.</summary>
    public ClientTimeout Timeout { get; }

    /// <summary>Loop time by which the whole request must be done (from <see cref="ClientTimeout.Total"/>).</summary>
    internal double? Deadline { get; set; }

    /// <summary>Whether the method is idempotent (RFC 9110 §9.2.2), so a request lost on a stale connection may be resent.</summary>
    public bool IsIdempotent => Method is "GET" or "HEAD" or "OPTIONS" or "TRACE" or "PUT" or "DELETE";

    /// <inheritdoc />
    public override string ToString() => $"<ClientRequest({Method} {Url})>";
}

/// <summary>Sends a request and returns its response: the next step of a middleware chain.</summary>
public delegate Coroutine<ClientResponse> ClientHandler(ClientRequest request);

/// <summary>
/// A client middleware (aiohttp 3.12's <c>ClientMiddlewareType</c>): gets each request, including each
/// redirect hop, and the next handler. It may change the request, call <paramref name="next"/> more than
/// once (a retry; release a response it discards), or answer without calling it.
/// </summary>
/// <example><code>
/// ClientMiddleware auth = async (request, next) =>
/// {
///     request.Headers["Authorization"] = "Bearer " + token;
///     ClientResponse r = await next(request);
///     if (r.Status != 401) return r;
///     r.Release();
///     token = await RefreshAsync();
///     request.Headers["Authorization"] = "Bearer " + token;
///     return await next(request);
/// };
/// </code></example>
public delegate Coroutine<ClientResponse> ClientMiddleware(ClientRequest request, ClientHandler next);
