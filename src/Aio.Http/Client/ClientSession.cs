using Aio.Http.Protocol;
using System.Net.Sockets;

namespace Aio.Http.Client;

/// <summary>
/// A client session (aiohttp's <c>ClientSession</c>): a connection pool, a cookie jar, default headers,
/// a base URL and time limits shared by its requests. Make one per application (or per peer), not per
/// request, and dispose it with <c>await using</c>.
/// </summary>
/// <example><code>
/// await using var session = new ClientSession(baseUrl: new Uri("http://127.0.0.1:8080"));
/// await using ClientResponse r = await session.GetAsync("/page1");
/// Console.WriteLine($"{r.Status} {await r.TextAsync()}");
/// </code></example>
public sealed class ClientSession : IAsyncDisposable
{
    private const long MaxDrainedRedirectBody = 64 * 1024;
    private readonly bool _ownsConnector;
    private readonly ClientMiddleware[] _middlewares;
    private bool _closed;

    /// <summary>Creates a session.</summary>
    /// <param name="baseUrl">Relative request URLs are resolved against it (aiohttp's <c>base_url</c>).</param>
    /// <param name="headers">Header fields sent with every request.</param>
    /// <param name="connector">The pool; a new <see cref="TcpConnector"/> by default.</param>
    /// <param name="ownsConnector">Whether disposing the session closes the connector (aiohttp's <c>connector_owner</c>).</param>
    /// <param name="cookieJar">The cookie jar; a new one by default (aiohttp's <c>cookie_jar</c>).</param>
    /// <param name="timeout">Time limits; <see cref="ClientTimeout.Default"/> by default.</param>
    /// <param name="raiseForStatus">Raise <see cref="ClientResponseError"/> for 4xx/5xx responses (aiohttp's <c>raise_for_status</c>).</param>
    /// <param name="autoDecompress">Ask for and undo gzip/deflate (aiohttp's <c>auto_decompress</c>).</param>
    /// <param name="middlewares">Client middlewares, outermost first (aiohttp 3.12's <c>middlewares</c>).</param>
    public ClientSession(
        Uri? baseUrl = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        BaseConnector? connector = null,
        bool ownsConnector = true,
        CookieJar? cookieJar = null,
        ClientTimeout? timeout = null,
        bool raiseForStatus = false,
        bool autoDecompress = true,
        IEnumerable<ClientMiddleware>? middlewares = null)
    {
        if (baseUrl is not null && !baseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"The base URL must be absolute: '{baseUrl}'", nameof(baseUrl));
        }

        BaseUrl = baseUrl;
        Connector = connector ?? new TcpConnector();
        _ownsConnector = connector is null || ownsConnector;
        CookieJar = cookieJar ?? new CookieJar();
        Timeout = timeout ?? ClientTimeout.Default;
        RaiseForStatus = raiseForStatus;
        AutoDecompress = autoDecompress;
        _middlewares = middlewares?.ToArray() ?? [];
        foreach ((string name, string value) in headers ?? [])
        {
            DefaultHeaders.Set(name, value);
        }
    }

    /// <summary>The base URL, or null.</summary>
    public Uri? BaseUrl { get; }

    /// <summary>Header fields sent with every request (a request's own replace those of the same name).</summary>
    public HttpHeaders DefaultHeaders { get; } = new();

    /// <summary>The connection pool.</summary>
    public BaseConnector Connector { get; }

    /// <summary>The cookie jar.</summary>
    public CookieJar CookieJar { get; }

    /// <summary>The default time limits.</summary>
    public ClientTimeout Timeout { get; }

    /// <summary>Whether 4xx/5xx responses raise.</summary>
    public bool RaiseForStatus { get; }

    /// <summary>Whether gzip/deflate bodies are decompressed.</summary>
    public bool AutoDecompress { get; }

    /// <summary>Whether the session is closed.</summary>
    public bool IsClosed => _closed;

    /// <summary>A GET request (aiohttp's <c>session.get</c>).</summary>
    public Coroutine<ClientResponse> GetAsync(string url, RequestOptions? options = null) => RequestAsync("GET", url, options);

    /// <summary>A HEAD request; redirects are not followed unless asked, as in aiohttp.</summary>
    public Coroutine<ClientResponse> HeadAsync(string url, RequestOptions? options = null) =>
        RequestAsync("HEAD", url, options ?? new RequestOptions { AllowRedirects = false });

    /// <summary>A DELETE request.</summary>
    public Coroutine<ClientResponse> DeleteAsync(string url, RequestOptions? options = null) => RequestAsync("DELETE", url, options);

    /// <summary>A POST request with <paramref name="body"/>.</summary>
    public Coroutine<ClientResponse> PostAsync(string url, Payload? body = null, RequestOptions? options = null) => RequestAsync("POST", url, WithBody(options, body));

    /// <summary>A PUT request with <paramref name="body"/>.</summary>
    public Coroutine<ClientResponse> PutAsync(string url, Payload? body = null, RequestOptions? options = null) => RequestAsync("PUT", url, WithBody(options, body));

    /// <summary>A PATCH request with <paramref name="body"/>.</summary>
    public Coroutine<ClientResponse> PatchAsync(string url, Payload? body = null, RequestOptions? options = null) => RequestAsync("PATCH", url, WithBody(options, body));

    /// <summary>
    /// A request with any method (aiohttp's <c>session.request</c>): resolves the URL, follows redirects,
    /// stores cookies, and returns once the status line and headers have arrived.
    /// </summary>
    /// <exception cref="InvalidUrlError">The URL cannot be requested.</exception>
    /// <exception cref="ClientConnectorError">No connection could be opened.</exception>
    /// <exception cref="ServerDisconnectedError">The server closed the connection before responding.</exception>
    /// <exception cref="ClientTimeoutError">A limit of <see cref="ClientTimeout"/> passed.</exception>
    /// <exception cref="ClientResponseError">A 4xx/5xx status and raise-for-status is on.</exception>
    /// <exception cref="TooManyRedirectsError">More than <see cref="RequestOptions.MaxRedirects"/> redirects.</exception>
    public async Coroutine<ClientResponse> RequestAsync(string method, string url, RequestOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ObjectDisposedException.ThrowIf(_closed, this);
        options ??= new RequestOptions();
        if (options.Body is not null && options.Json is not null)
        {
            throw new ArgumentException("Give a request body or a JSON value, not both.", nameof(options));
        }

        method = method.ToUpperInvariant();
        ClientTimeout timeout = options.Timeout ?? Timeout;
        EventLoop loop = Asyncio.GetRunningLoop();
        double? deadline = timeout.Total is double total ? loop.Time() + total : null;
        Uri uri = UrlBuilder.Build(BaseUrl, url, options.Query);
        ClientRequest request = new(method, uri, BuildHeaders(options), options.Json is not null ? Payload.FromJson(options.Json) : options.Body, timeout) { Deadline = deadline };
        ClientHandler handler = Chain(options.Middlewares ?? _middlewares, options.Cookies);
        var history = new List<ClientResponse>();
        try
        {
            await using (Asyncio.TimeoutAt(deadline))
            {
                while (true)
                {
                    ClientResponse response = await handler(request);
                    if (!options.AllowRedirects || !RedirectPolicy.IsRedirect(response.Status) || response.Headers["Location"] is not string location)
                    {
                        response.History = history.ToArray();
                        if (options.RaiseForStatus ?? RaiseForStatus)
                        {
                            response.RaiseForStatus();
                        }

                        return response;
                    }

                    history.Add(response);
                    if (response.ContentLength is long small && small <= MaxDrainedRedirectBody)
                    {
                        // Read a small redirect body so that its connection can carry the next hop.
                        await response.ReadAsync();
                    }

                    response.Release();
                    if (history.Count > options.MaxRedirects)
                    {
                        throw new TooManyRedirectsError(response.Status, response.Reason, response.Url, history.ToArray());
                    }

                    request = RedirectPolicy.Follow(request, response, location);
                }
            }
        }
        catch (TimeoutException e) when (e is not ClientTimeoutError)
        {
            throw new ClientTimeoutError($"Request to {uri} timed out after {timeout.Total} s", e);
        }
    }

    /// <summary>Closes the session and, if it owns it, the connector (aiohttp's <c>close()</c>).</summary>
    public async Coroutine CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if (_ownsConnector)
        {
            await Connector.CloseAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync();

    private static RequestOptions WithBody(RequestOptions? options, Payload? body)
    {
        if (body is null)
        {
            return options ?? new RequestOptions();
        }

        if (options is null)
        {
            return new RequestOptions { Body = body };
        }

        if (options.Body is not null || options.Json is not null)
        {
            throw new ArgumentException("The body is given twice: as an argument and in the options.", nameof(body));
        }

        return new RequestOptions
        {
            Body = body,
            Query = options.Query,
            Headers = options.Headers,
            AllowRedirects = options.AllowRedirects,
            MaxRedirects = options.MaxRedirects,
            Timeout = options.Timeout,
            RaiseForStatus = options.RaiseForStatus,
            Cookies = options.Cookies,
            Middlewares = options.Middlewares,
        };
    }

    private HttpHeaders BuildHeaders(RequestOptions options)
    {
        HttpHeaders headers = new HttpHeaders(DefaultHeaders);
        foreach ((string name, string value) in options.Headers ?? [])
        {
            headers.Set(name, value);
        }

        if (!headers.Contains("User-Agent"))
        {
            headers["User-Agent"] = "Aio.Http/1.0";
        }

        if (!headers.Contains("Accept"))
        {
            headers["Accept"] = "*/*";
        }

        if (AutoDecompress && !headers.Contains("Accept-Encoding"))
        {
            headers["Accept-Encoding"] = "gzip, deflate";
        }

        return headers;
    }

    private ClientHandler Chain(IReadOnlyList<ClientMiddleware> middlewares, IEnumerable<KeyValuePair<string, string>>? extraCookies)
    {
        ClientHandler handler = request => SendAsync(request, extraCookies);
        for (int i = middlewares.Count - 1; i >= 0; i--)
        {
            ClientMiddleware middleware = middlewares[i];
            ClientHandler next = handler;
            handler = request => middleware(request, next);
        }

        return handler;
    }

    /// <summary>One hop: a connection, the request, the response head. Retries once on a fresh connection
    /// when a reused one turns out to be closed by the server before any response byte (idempotent
    /// requests with a replayable body only).</summary>
    private async Coroutine<ClientResponse> SendAsync(ClientRequest request, IEnumerable<KeyValuePair<string, string>>? extraCookies)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        UrlBuilder.Check(request.Url);
        ApplyCookies(request, extraCookies);
        var key = new ConnectionKey(request.Url.IdnHost.ToLowerInvariant(), request.Url.Port, request.Url.Scheme == "https");
        bool fresh = false;
        while (true)
        {
            (ClientConnection connection, bool reused) = await Connector.AcquireAsync(key, request.Timeout, fresh);
            try
            {
                ClientResponse response = await ExchangeAsync(connection, request);
                StoreCookies(response);
                return response;
            }
            catch (StaleConnectionException) when (reused && request.IsIdempotent && request.Body is not StreamPayload)
            {
                Connector.Release(connection, reusable: false);
                fresh = true;
            }
            catch (StaleConnectionException e)
            {
                Connector.Release(connection, reusable: false);
                throw new ServerDisconnectedError("Server disconnected", e.InnerException);
            }
            catch
            {
                Connector.Release(connection, reusable: false);
                throw;
            }
        }
    }

    private async Coroutine<ClientResponse> ExchangeAsync(ClientConnection connection, ClientRequest request)
    {
        try
        {
            bool chunked = RequestWriter.WriteHead(connection, request);
            if (request.Body is Payload body)
            {
                var sink = new BodySink(connection, chunked);
                await body.WriteToAsync(sink);
                sink.Finish();
            }

            await connection.DrainAsync();
        }
        catch (ServerDisconnectedError e)
        {
            throw new StaleConnectionException(e);
        }
        catch (SocketException e)
        {
            throw new StaleConnectionException(e);
        }

        HttpResponseHead head = await ReadHeadAsync(connection, request);
        var response = new ClientResponse(request.Method, request.Url, head);
        if (head.Status == 101)
        {
            // Switching protocols: no body, and the connection never returns to the pool. The caller
            // (WsConnectAsync) takes it over, or releasing the response closes it.
            response.Content = new ResponseContent(null, new HttpBodyDecoder(HttpBodyFraming.None, 0), null, null, null, null);
            response.Upgrade = new UpgradeHandle(Connector, connection);
            return response;
        }

        ContentDecoder? decoder = AutoDecompress && head.Framing != HttpBodyFraming.None ? ContentDecoder.For(head.Headers["Content-Encoding"]) : null;
        bool keepAlive = head.KeepAlive;
        response.Content = new ResponseContent(
            connection,
            new HttpBodyDecoder(head.Framing, head.ContentLength),
            decoder,
            request.Deadline,
            request.Timeout.SockRead,
            reusable => Connector.Release(connection, reusable && keepAlive),
            head.Framing == HttpBodyFraming.ContentLength ? head.ContentLength : null);
        return response;
    }

    private static async Coroutine<HttpResponseHead> ReadHeadAsync(ClientConnection connection, ClientRequest request)
    {
        bool any = false;
        var parser = new HttpResponseParser();
        while (true)
        {
            if (connection.Buffered.Length > 0)
            {
                any = true;
                HttpResponseHead? head;
                int consumed;
                try
                {
                    head = parser.TryParse(connection.Buffered, out consumed, request.Method);
                }
                catch (HttpParseException e)
                {
                    throw new ClientPayloadError($"Invalid response from {request.Url.Authority}: {e.Message}", e);
                }

                if (head is not null)
                {
                    connection.Consume(consumed);
                    if (head.IsInformational && head.Status != 101)
                    {
                        continue; // 100 Continue, 103 Early Hints: the final response follows.
                    }

                    return head;
                }
            }

            bool more;
            try
            {
                double? when = ResponseContent.ReadDeadline(request.Deadline, request.Timeout.SockRead);
                if (when is null)
                {
                    more = await connection.FillAsync();
                }
                else
                {
                    try
                    {
                        await using (Asyncio.TimeoutAt(when))
                        {
                            more = await connection.FillAsync();
                        }
                    }
                    catch (TimeoutException e) when (e is not ClientTimeoutError)
                    {
                        throw new ClientTimeoutError("Timeout on reading data from socket", e);
                    }
                }
            }
            catch (ServerDisconnectedError e) when (!any)
            {
                throw new StaleConnectionException(e);
            }

            if (!more)
            {
                if (!any)
                {
                    throw new StaleConnectionException(null);
                }

                throw new ClientPayloadError("Response ended inside the status line or headers");
            }
        }
    }

    private void ApplyCookies(ClientRequest request, IEnumerable<KeyValuePair<string, string>>? extra)
    {
        var parts = new List<string>();
        if (CookieJar.HeaderFor(request.Url) is string jar)
        {
            parts.Add(jar);
        }

        foreach ((string name, string value) in extra ?? [])
        {
            parts.Add($"{name}={value}");
        }

        if (parts.Count > 0 && !request.Headers.Contains("Cookie"))
        {
            request.Headers["Cookie"] = string.Join("; ", parts);
        }
    }

    private void StoreCookies(ClientResponse response)
    {
        foreach (string setCookie in response.Headers.GetAll("Set-Cookie"))
        {
            CookieJar.Update(response.Url, setCookie);
        }
    }

    /// <summary>A reused connection failed before any byte of the response: the server had closed it.</summary>
    private sealed class StaleConnectionException(Exception? inner) : Exception("The connection was closed by the server", inner);
}
