using System.Security.Cryptography;
using System.Text;
using Aio.Http.Client;

namespace Aio.Http.Tests.Client;

/// <summary>Aio's client against Kestrel: bodies, headers, decoding, redirects, cookies and errors.</summary>
public sealed class KestrelClientTests(KestrelHost kestrel) : IClassFixture<KestrelHost>
{
    [Fact]
    public void GetsTextAndStatus() => Asyncio.Run(Body());

    private async Coroutine Body()
    {
        await using var session = new ClientSession();
        await using ClientResponse r = await session.GetAsync(kestrel.Url("/text"));
        Assert.Equal(200, r.Status);
        Assert.Equal("OK", r.Reason);
        Assert.Equal("text/plain", r.ContentType);
        Assert.Equal("13", r.Headers["content-length"]);
        Assert.Equal("Hello, World!", await r.TextAsync());
        Assert.True(r.Content.AtEof);
    }

    [Fact]
    public void TextUsesTheCharsetOfContentType() => Asyncio.Run(Latin1());

    private async Coroutine Latin1()
    {
        await using var session = new ClientSession();
        await using ClientResponse r = await session.GetAsync(kestrel.Url("/latin1"));
        Assert.Equal("iso-8859-1", r.Charset);
        Assert.Equal("caf\u00e9 cr\u00e8me", await r.TextAsync());
    }

    [Fact]
    public void BaseUrlQueryAndDefaultHeaders() => Asyncio.Run(Query());

    private async Coroutine Query()
    {
        await using var session = new ClientSession(baseUrl: kestrel.BaseUri, headers: [new("X-Team", "aio")]);
        await using ClientResponse r = await session.GetAsync("/echo?a=1", new() { Query = [new("q", "a b&c"), new("q", "\u00e9")], Headers = [new("X-Extra", "1")] });
        EchoReply echo = (await r.JsonAsync<EchoReply>())!;
        Assert.Equal("/echo?a=1&q=a%20b%26c&q=%C3%A9", echo.Target);
        Assert.Equal("aio", echo.Headers["x-team"]);
        Assert.Equal("1", echo.Headers["x-extra"]);
        Assert.Equal($"127.0.0.1:{kestrel.Port}", echo.Headers["host"]);
        Assert.Equal("gzip, deflate", echo.Headers["accept-encoding"]);
    }

    [Fact]
    public void JsonRoundTrip() => Asyncio.Run(JsonBody());

    private async Coroutine JsonBody()
    {
        await using var session = new ClientSession();
        await using ClientResponse r = await session.PostAsync(kestrel.Url("/echo"), options: null, body: null);
        EchoReply empty = (await r.JsonAsync<EchoReply>())!;
        Assert.Equal("0", empty.Headers["content-length"]);

        await using ClientResponse j = await session.RequestAsync("PUT", kestrel.Url("/echo"), new() { Json = new { name = "aio", n = 3 } });
        EchoReply echo = (await j.JsonAsync<EchoReply>())!;
        Assert.Equal("PUT", echo.Method);
        Assert.Equal("{\"name\":\"aio\",\"n\":3}", echo.Body);
        Assert.Equal("application/json", echo.Headers["content-type"]);

        await using ClientResponse t = await session.PatchAsync(kestrel.Url("/echo"), Payload.FromText("h\u00e9"));
        EchoReply text = (await t.JsonAsync<EchoReply>())!;
        Assert.Equal("h\u00e9", text.Body);
        Assert.Equal("text/plain; charset=utf-8", text.Headers["content-type"]);
    }

    [Fact]
    public void JsonOfTheWrongMediaTypeIsAContentTypeError() => Asyncio.Run(WrongType());

    private async Coroutine WrongType()
    {
        await using var session = new ClientSession();
        await using ClientResponse r = await session.GetAsync(kestrel.Url("/text"));
        await Assert.ThrowsAsync<ContentTypeError>(async () => await r.JsonAsync<object>());
        await using ClientResponse j = await session.GetAsync(kestrel.Url("/json"));
        JsonDocumentLike? doc = await j.JsonAsync<JsonDocumentLike>();
        Assert.Equal(42, doc!.Stars);
        Assert.Equal(["asyncio", "dotnet"], doc.Tags);
    }

    public sealed record JsonDocumentLike(string Name, int Stars, string[] Tags);

    [Fact]
    public void StreamedRequestBodyIsSentChunked() => Asyncio.Run(Streamed());

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Parts()
    {
        for (int i = 0; i < 10; i++)
        {
            await Task.Yield();
            yield return Encoding.ASCII.GetBytes($"part{i},");
        }
    }

    private async Coroutine Streamed()
    {
        await using var session = new ClientSession();
        await using ClientResponse r = await session.PostAsync(kestrel.Url("/echo"), Payload.FromStream(Parts()));
        EchoReply echo = (await r.JsonAsync<EchoReply>())!;
        Assert.Equal("chunked", echo.TransferEncoding);
        Assert.Equal(string.Concat(Enumerable.Range(0, 10).Select(i => $"part{i},")), echo.Body);
    }

    [Fact]
    public void UrlEncodedForm() => Asyncio.Run(Form());

    private async Coroutine Form()
    {
        await using var session = new ClientSession();
        var form = new FormData { { "user", "ann lee" }, { "note", "a&b=c\u00e9" } };
        await using ClientResponse r = await session.PostAsync(kestrel.Url("/form"), form);
        FormReply reply = (await r.JsonAsync<FormReply>())!;
        Assert.Equal("application/x-www-form-urlencoded", reply.ContentType);
        Assert.Equal("ann lee", reply.Fields["user"]);
        Assert.Equal("a&b=c\u00e9", reply.Fields["note"]);
    }

    [Fact]
    public void MultipartRoundTrip() => Asyncio.Run(Multipart());

    private async Coroutine Multipart()
    {
        await using var session = new ClientSession();
        byte[] file = RandomNumberGenerator.GetBytes(300_000);
        var form = new FormData { { "title", "holiday \"photos\"" } };
        form.AddFile("photo", "beach.bin", file, "application/x-test");
        form.AddFile("notes", "n\u00e9.txt", Encoding.UTF8.GetBytes("hello"), "text/plain");
        await using ClientResponse r = await session.PostAsync(kestrel.Url("/form"), form);
        FormReply reply = (await r.JsonAsync<FormReply>())!;
        Assert.StartsWith("multipart/form-data; boundary=", reply.ContentType, StringComparison.Ordinal);
        Assert.Equal("holiday \"photos\"", reply.Fields["title"]);
        FileReply photo = reply.Files.Single(f => f.Name == "photo");
        Assert.Equal("beach.bin", photo.FileName);
        Assert.Equal("application/x-test", photo.ContentType);
        Assert.Equal(file.Length, photo.Length);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(file)), photo.Sha256);
        Assert.Equal(5, reply.Files.Single(f => f.Name == "notes").Length);
    }

    [Theory]
    [InlineData("/gzip")]
    [InlineData("/deflate")]
    [InlineData("/rawdeflate")]
    public void DecompressesGzipAndDeflate(string path) => Asyncio.Run(Decompress(path));

    private async Coroutine Decompress(string path)
    {
        await using var session = new ClientSession();
        await using ClientResponse r = await session.GetAsync(kestrel.Url(path));
        Assert.True(r.ContentLength < KestrelEndpoints.CompressiblePayload.Length);
        Assert.Equal(KestrelEndpoints.CompressiblePayload, await r.TextAsync());

        await using var raw = new ClientSession(autoDecompress: false);
        await using ClientResponse z = await raw.GetAsync(kestrel.Url(path));
        Assert.Equal(z.ContentLength, (await z.ReadAsync()).Length);
    }

    [Fact]
    public void StreamsAChunkedResponse() => Asyncio.Run(Chunks());

    private async Coroutine Chunks()
    {
        await using var session = new ClientSession();
        await using ClientResponse r = await session.GetAsync(kestrel.Url("/chunks"));
        Assert.Equal("chunked", r.Headers["Transfer-Encoding"]);
        var all = new StringBuilder();
        await foreach (ReadOnlyMemory<byte> chunk in r.Content)
        {
            all.Append(Encoding.ASCII.GetString(chunk.Span));
        }

        Assert.Equal("chunk0;chunk1;chunk2;chunk3;chunk4;", all.ToString());
    }

    [Fact]
    public void ReadsABigBodyInPieces() => Asyncio.Run(Big());

    private async Coroutine Big()
    {
        await using var session = new ClientSession();
        await using ClientResponse r = await session.GetAsync(kestrel.Url("/big"));
        byte[] first = await r.Content.ReadExactlyAsync(10);
        byte[] next = await r.Content.ReadAsync(1000);
        Assert.InRange(next.Length, 1, 1000);
        byte[] rest = await r.Content.ReadAsync();
        byte[] whole = [.. first, .. next, .. rest];
        Assert.Equal(KestrelEndpoints.BigBody(), whole);
        Assert.Empty(await r.Content.ReadAsync(5));
    }

    [Fact]
    public void HeadHasNoBody() => Asyncio.Run(Head());

    private async Coroutine Head()
    {
        await using var session = new ClientSession();
        for (int i = 0; i < 3; i++)
        {
            await using ClientResponse r = await session.HeadAsync(kestrel.Url("/text"));
            Assert.Equal(200, r.Status);
            Assert.Empty(await r.ReadAsync());
        }

        await using ClientResponse after = await session.GetAsync(kestrel.Url("/text"));
        Assert.Equal("Hello, World!", await after.TextAsync());
        Assert.Equal(1, session.Connector.OpenConnections);
    }

    [Fact]
    public void FollowsRedirectsWithHistory() => Asyncio.Run(Redirects());

    private async Coroutine Redirects()
    {
        await using var session = new ClientSession();
        await using ClientResponse r = await session.GetAsync(kestrel.Url("/redirect/3"));
        Assert.Equal(200, r.Status);
        Assert.Equal("Hello, World!", await r.TextAsync());
        Assert.Equal(3, r.History.Count);
        Assert.All(r.History, h => Assert.Equal(302, h.Status));
        Assert.Equal(kestrel.Url("/text"), r.Url.ToString());

        await using ClientResponse stay = await session.GetAsync(kestrel.Url("/redirect/1"), new() { AllowRedirects = false });
        Assert.Equal(302, stay.Status);
        Assert.Equal("/text", stay.Headers["Location"]);

        TooManyRedirectsError e = await Assert.ThrowsAsync<TooManyRedirectsError>(async () => await session.GetAsync(kestrel.Url("/redirect/12")));
        Assert.Equal(11, e.History.Count);
        await using ClientResponse ten = await session.GetAsync(kestrel.Url("/redirect/10"));
        Assert.Equal(10, ten.History.Count);
    }

    [Theory]
    [InlineData(301, "GET", "")]
    [InlineData(302, "GET", "")]
    [InlineData(303, "GET", "")]
    [InlineData(307, "POST", "payload")]
    [InlineData(308, "POST", "payload")]
    public void RedirectRewritesTheMethodAsRfc9110Says(int code, string method, string body) => Asyncio.Run(Rewrite(code, method, body));

    private async Coroutine Rewrite(int code, string method, string body)
    {
        await using var session = new ClientSession();
        await using ClientResponse r = await session.PostAsync(kestrel.Url($"/redirect-post/{code}"), Payload.FromText("payload"));
        EchoReply echo = (await r.JsonAsync<EchoReply>())!;
        Assert.Equal(method, echo.Method);
        Assert.Equal(body, echo.Body);
        Assert.Equal(body.Length == 0, !echo.Headers.ContainsKey("content-type"));
    }

    [Fact]
    public void AuthorizationDoesNotFollowToAnotherOrigin() => Asyncio.Run(Auth());

    private async Coroutine Auth()
    {
        await using var session = new ClientSession(headers: [new("Authorization", "Bearer secret")]);
        await using ClientResponse same = await session.GetAsync(kestrel.Url("/echo"));
        Assert.Equal("Bearer secret", (await same.JsonAsync<EchoReply>())!.Headers["authorization"]);
        await using ClientResponse away = await session.GetAsync(kestrel.Url("/redirect-away"));
        EchoReply echo = (await away.JsonAsync<EchoReply>())!;
        Assert.StartsWith("localhost:", echo.Headers["host"], StringComparison.Ordinal);
        Assert.False(echo.Headers.ContainsKey("authorization"));
    }

    [Fact]
    public void CookiesAreStoredAndSentBack() => Asyncio.Run(Cookies());

    private async Coroutine Cookies()
    {
        await using var session = new ClientSession(cookieJar: new CookieJar(allowIpHosts: true));
        await using (ClientResponse set = await session.GetAsync(kestrel.Url("/setcookie")))
        {
            Assert.Equal(2, set.Headers.GetAll("Set-Cookie").Count);
        }

        await using ClientResponse echo = await session.GetAsync(kestrel.Url("/echo"));
        string cookie = (await echo.JsonAsync<EchoReply>())!.Headers["cookie"];
        Assert.Contains("session=abc123", cookie, StringComparison.Ordinal);
        Assert.Contains("other=", cookie, StringComparison.Ordinal);
        await using ClientResponse text = await session.GetAsync(kestrel.Url("/text"));
        Assert.Single(session.CookieJar.For(new Uri(kestrel.Url("/text"))));

        // A cookie set by a redirect hop is sent on the next hop.
        await using ClientResponse hop = await session.GetAsync(kestrel.Url("/redirect-cookie"));
        Assert.Contains("hop=1", (await hop.JsonAsync<EchoReply>())!.Headers["cookie"], StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultJarIgnoresIpHostsAsAiohttpDoes() => Asyncio.Run(IpHosts());

    private async Coroutine IpHosts()
    {
        await using var session = new ClientSession();
        await using (ClientResponse set = await session.GetAsync(kestrel.Url("/setcookie")))
        {
        }

        Assert.Equal(0, session.CookieJar.Count);
    }

    [Fact]
    public void RaiseForStatus() => Asyncio.Run(Raise());

    private async Coroutine Raise()
    {
        await using var session = new ClientSession();
        await using (ClientResponse r = await session.GetAsync(kestrel.Url("/status/404")))
        {
            Assert.False(r.Ok);
            ClientResponseError e = Assert.Throws<ClientResponseError>(r.RaiseForStatus);
            Assert.Equal(404, e.Status);
            Assert.Equal("Not Found", e.Reason);
        }

        await using var strict = new ClientSession(raiseForStatus: true);
        ClientResponseError err = await Assert.ThrowsAsync<ClientResponseError>(async () => await strict.GetAsync(kestrel.Url("/status/503")));
        Assert.Equal(503, err.Status);
        await using ClientResponse ok = await strict.GetAsync(kestrel.Url("/status/204"));
        Assert.Equal(204, ok.Status);
        Assert.Equal(1, strict.Connector.OpenConnections);
    }

    [Fact]
    public void MiddlewareAddsAuthAndRetries() => Asyncio.Run(Middleware());

    private async Coroutine Middleware()
    {
        int calls = 0;
        string token = "stale";
        ClientMiddleware auth = async (request, next) =>
        {
            calls++;
            request.Headers["Authorization"] = "Bearer " + token;
            ClientResponse r = await next(request);
            if (r.Status != 401)
            {
                return r;
            }

            r.Release();
            token = "fresh";
            request.Headers["Authorization"] = "Bearer " + token;
            return await next(request);
        };
        var order = new List<string>();
        ClientMiddleware outer = async (request, next) =>
        {
            order.Add("outer:" + request.Url.AbsolutePath);
            return await next(request);
        };
        await using var session = new ClientSession(middlewares: [outer, auth]);
        await using ClientResponse ok = await session.GetAsync(kestrel.Url("/auth"));
        Assert.Equal(200, ok.Status);
        Assert.Equal("welcome", await ok.TextAsync());
        Assert.Equal(1, calls);
        Assert.Equal(["outer:/auth"], order);

        // Middlewares run for each redirect hop.
        await using ClientResponse hops = await session.GetAsync(kestrel.Url("/redirect/2"));
        Assert.Equal(["outer:/auth", "outer:/redirect/2", "outer:/redirect/1", "outer:/text"], order);
    }

    [Fact]
    public void BadInputGetsClearErrors() => Asyncio.Run(BadInput());

    private async Coroutine BadInput()
    {
        await using var session = new ClientSession();
        await Assert.ThrowsAsync<InvalidUrlError>(async () => await session.GetAsync("/relative-without-base"));
        await Assert.ThrowsAsync<InvalidUrlError>(async () => await session.GetAsync("ftp://example.com/x"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await session.GetAsync(kestrel.Url("/text"), new() { Headers = [new("X-Bad", "a\r\nInjected: 1")] }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await session.GetAsync(kestrel.Url("/text"), new() { Headers = [new("Bad Name", "v")] }));
        ClientConnectorError refused = await Assert.ThrowsAsync<ClientConnectorError>(async () => await session.GetAsync($"http://127.0.0.1:{FreePort()}/"));
        Assert.Contains("Cannot connect to host 127.0.0.1", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, session.Connector.OpenConnections);
    }

    [Fact]
    public void HttpsThroughAiosTls() => Asyncio.Run(Https());

    private async Coroutine Https()
    {
        string expected = kestrel.Certificate.Thumbprint;
        var tls = new System.Net.Security.SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && new System.Security.Cryptography.X509Certificates.X509Certificate2(cert).Thumbprint == expected,
        };
        await using var session = new ClientSession(connector: new TcpConnector(ssl: tls));
        for (int i = 0; i < 3; i++)
        {
            await using ClientResponse r = await session.GetAsync($"https://localhost:{kestrel.TlsPort}/text");
            Assert.Equal("Hello, World!", await r.TextAsync());
        }

        Assert.Equal(1, session.Connector.ConnectionsMade);
        Assert.Equal(1, ((TcpConnector)session.Connector).Dns.Lookups);

        // The system's validation refuses the self-signed certificate.
        await using var strict = new ClientSession();
        await Assert.ThrowsAsync<ClientConnectorError>(async () => await strict.GetAsync($"https://localhost:{kestrel.TlsPort}/text"));
        Assert.Equal(0, strict.Connector.OpenConnections);
    }

    internal static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
