using System.Text;
using Aio.Http.Server;
using Aio.Http.Tests.Support;

namespace Aio.Http.Tests.Server;

public sealed class RequestResponseTests
{
    private sealed record Item(string Name, int Count);

#pragma warning disable CS1998
    [Fact]
    public void Request_QueryCookiesHeadersAndRemote_AreExposed()
    {
        var app = new Application();
        app.Router.AddGet("/q", async r => new Response(
            $"{r.Query["a"]}|{string.Join(",", r.Query.GetAll("b"))}|{r.Cookies["session"]}|{r.Headers["x-custom"]}|{r.Remote}|{r.Path}|{r.QueryString}"));
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /q?a=hello%20there&b=1&b=2 HTTP/1.1\r\nHost: x\r\nCookie: session=abc; theme=dark\r\nX-Custom: v\r\n\r\n");
            Assert.Equal("hello there|1,2|abc|v|127.0.0.1|/q|a=hello%20there&b=1&b=2", (await client.ReadResponseAsync())!.Text);
        });
    }

    [Fact]
    public void Json_RoundTripsThroughRequestAndResponse()
    {
        var app = new Application();
        app.Router.AddPost("/items", async r =>
        {
            Item item = (await r.JsonAsync<Item>())!;
            return Response.Json(item with { Count = item.Count + 1 }, status: 201);
        });
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            string body = "{\"Name\":\"x\",\"Count\":1}";
            client.Send($"POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
            RawResponse response = (await client.ReadResponseAsync())!;
            Assert.Equal(201, response.Status);
            Assert.Equal("application/json; charset=utf-8", response["content-type"]);
            Assert.Equal("{\"name\":\"x\",\"count\":2}", response.Text); // JsonSerializerOptions.Web: camelCase out, case-insensitive in
            client.Send("POST /items HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n{{{");
            Assert.Equal(400, (await client.ReadResponseAsync())!.Status);
        });
    }

    [Fact]
    public void Post_UrlEncodedAndMultipartForms_AreParsed()
    {
        var app = new Application();
        app.Router.AddPost("/form", async r =>
        {
            FormFields form = await r.PostAsync();
            string files = string.Join(";", form.Files.Select(f => $"{f.Name}:{f.FileName}:{f.ContentType}:{Encoding.UTF8.GetString(f.Content.Span)}"));
            return new Response($"{form["name"]}|{form["note"]}|{files}");
        });
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            string form = "name=J%C3%BCrgen+X&note=a%26b";
            client.Send($"POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {form.Length}\r\n\r\n{form}");
            Assert.Equal("Jürgen X|a&b|", (await client.ReadResponseAsync())!.Text);
            string multipart = "--BOUND\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n"
                + "--BOUND\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile\r\nbody\r\n"
                + "--BOUND--\r\n";
            client.Send($"POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=BOUND\r\nContent-Length: {multipart.Length}\r\n\r\n{multipart}");
            Assert.Equal("Ada||upload:a.txt:text/plain:file\r\nbody", (await client.ReadResponseAsync())!.Text);
        });
    }

    [Fact]
    public void Body_OverClientMaxSize_Is413()
    {
        var app = new Application(clientMaxSize: 10);
        app.Router.AddPost("/echo", async r => new Response(await r.ReadAsync()));
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n01234567890");
            RawResponse response = (await client.ReadResponseAsync())!;
            Assert.Equal(413, response.Status);
            Assert.Contains("Maximum request body size 10 exceeded", response.Text, StringComparison.Ordinal);
            using RawHttpClient chunked = await RawHttpClient.ConnectAsync(server.Port);
            chunked.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n6\r\n678901\r\n0\r\n\r\n");
            Assert.Equal(413, (await chunked.ReadResponseAsync())!.Status);
        });
    }

    [Fact]
    public void ChunkedRequest_IsDecoded_AndStreamResponseIsChunked()
    {
        var app = new Application();
        app.Router.AddPost("/stream", async r =>
        {
            var response = new StreamResponse();
            response.ContentType = "text/plain";
            await response.PrepareAsync(r);
            while (true)
            {
                ReadOnlyMemory<byte> chunk = await r.Content.ReadChunkAsync();
                if (chunk.IsEmpty)
                {
                    break;
                }

                await response.WriteAsync(chunk);
            }

            await response.WriteEofAsync();
            return response;
        });
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("POST /stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n");
            RawResponse response = (await client.ReadResponseAsync())!;
            Assert.Equal("chunked", response["transfer-encoding"]);
            Assert.Equal("hello world", response.Text);
            client.Send("POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            Assert.Equal("abc", (await client.ReadResponseAsync())!.Text);
        });
    }

    [Fact]
    public void StreamResponse_WithLength_IsNotChunked_AndHttp10GetsCloseDelimited()
    {
        var app = new Application();
        app.Router.AddGet("/sized", async r =>
        {
            var response = new StreamResponse { ContentLength = 6 };
            await response.PrepareAsync(r);
            await response.WriteAsync("abc"u8.ToArray());
            await response.WriteAsync("def"u8.ToArray());
            return response;
        });
        app.Router.AddGet("/unsized", async r =>
        {
            var response = new StreamResponse();
            await response.PrepareAsync(r);
            await response.WriteAsync("old"u8.ToArray());
            return response;
        });
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /sized HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse sized = (await client.ReadResponseAsync())!;
            Assert.Equal("6", sized["content-length"]);
            Assert.Null(sized["transfer-encoding"]);
            Assert.Equal("abcdef", sized.Text);
            using RawHttpClient old = await RawHttpClient.ConnectAsync(server.Port);
            old.Send("GET /unsized HTTP/1.0\r\n\r\n");
            RawResponse unsized = (await old.ReadResponseAsync())!;
            Assert.Equal("old", unsized.Text);
            Assert.Equal("close", unsized["connection"]);
            Assert.True(await old.IsClosedAsync());
        });
    }

    [Fact]
    public void ExpectContinue_Gets100BeforeTheBodyIsRead()
    {
        var app = Handlers.Echo();
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("POST /length HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            Assert.Equal(100, (await client.ReadInterimAsync())!.Status);
            client.Send("abcd");
            Assert.Equal("4", (await client.ReadResponseAsync("POST"))!.Text);
        });
    }

    [Fact]
    public void ExpectContinue_AnsweredWithoutReading_ClosesInsteadOfGuessingTheFraming()
    {
        var app = new Application();
        app.Router.AddPost("/no", async _ => throw new HttpForbidden());
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("POST /no HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            Assert.Equal(403, (await client.ReadResponseAsync())!.Status);
            Assert.True(await client.IsClosedAsync());
        });
    }

    [Fact]
    public void UnreadBody_IsDiscarded_AndTheConnectionServesTheNextRequest()
    {
        var app = new Application();
        app.Router.AddPost("/ignore", async _ => new Response("ignored"));
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloPOST /ignore HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
            Assert.Equal("ignored", (await client.ReadResponseAsync())!.Text);
            Assert.Equal("ignored", (await client.ReadResponseAsync())!.Text);
        });
    }

    [Fact]
    public void HandlerExceptions_Give500_AndHttpExceptionsTheirStatus_AndTheServerGoesOn()
    {
        var app = new Application();
        app.Router.AddGet("/boom", async _ => throw new InvalidOperationException("boom"));
        app.Router.AddGet("/teapot", async _ => throw new HttpException(418, "short and stout"));
        app.Router.AddGet("/away", async _ => throw new HttpRedirect("/else", 307));
        app.Router.AddGet("/ok", async _ => new Response("ok"));
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /teapot HTTP/1.1\r\nHost: x\r\n\r\nGET /away HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse teapot = (await client.ReadResponseAsync())!;
            Assert.Equal(418, teapot.Status);
            Assert.Equal("short and stout", teapot.Text);
            RawResponse away = (await client.ReadResponseAsync())!;
            Assert.Equal(307, away.Status);
            Assert.Equal("/else", away["location"]);
            client.Send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(500, (await client.ReadResponseAsync())!.Status);
            using RawHttpClient again = await RawHttpClient.ConnectAsync(server.Port);
            again.Send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("ok", (await again.ReadResponseAsync())!.Text);
        });
    }

    [Fact]
    public void SetCookie_AddsOneFieldPerCookie()
    {
        var app = new Application();
        app.Router.AddGet("/c", async _ =>
        {
            var response = new Response("c");
            response.SetCookie("a", "1", httpOnly: true);
            response.SetCookie("b", "2", maxAge: TimeSpan.FromHours(1), sameSite: "Lax");
            return response;
        });
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse response = (await client.ReadResponseAsync())!;
            Assert.Equal(["a=1; Path=/; HttpOnly", "b=2; Max-Age=3600; Path=/; SameSite=Lax"], response.Head.Headers.GetAll("set-cookie"));
        });
        Assert.Throws<ArgumentException>(() => new Response("x").SetCookie("a", "b;c"));
    }
#pragma warning restore CS1998
}
