using System.Text;
using Aio.Http.Server;
using Aio.Http.Tests.Support;

namespace Aio.Http.Tests.Server;

/// <summary>Handlers declared as methods returning <see cref="Response"/>, <see cref="Request.IsUpgrade"/>, and <c>await foreach</c> over a request body.</summary>
public sealed class HandlerAndBodyTests
{
    // The shape aiohttp users write: `async def hello(request) -> web.Response`.
    private static async Coroutine<Response> Hello(Request request) => new($"hello {request.MatchInfo["name"]}");

    private static async Coroutine<Response> Created(Request request) => new(await request.TextAsync(), status: 201);

    [Fact]
    public void AMethodReturningCoroutineOfResponse_IsARouteHandler()
    {
        var app = new Application();
        Route get = app.Router.AddGet("/hello/{name}", Hello);
        app.Router.AddPost("/items", Created);
        app.Router.AddRoutes(new RouteTable().Put("/items", Created));
        Assert.Equal("<Route GET /hello/{name} -> Hello>", get.ToString());
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /hello/ann HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("hello ann", (await client.ReadResponseAsync())!.Text);
            client.Send("HEAD /hello/ann HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse head = (await client.ReadResponseAsync("HEAD"))!;
            Assert.Equal(200, head.Status);
            Assert.Equal("9", head["content-length"]);
            client.Send("POST /items HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            RawResponse post = (await client.ReadResponseAsync())!;
            Assert.Equal((201, "abc"), (post.Status, post.Text));
            client.Send("PUT /items HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz");
            RawResponse put = (await client.ReadResponseAsync())!;
            Assert.Equal((201, "xyz"), (put.Status, put.Text));
        });
    }

    [Fact]
    public void IsUpgrade_SaysWhetherTheClientAsksToSwitchProtocols()
    {
        var app = new Application();
        app.Router.AddGet("/up", async r => new Response(r.IsUpgrade ? "upgrade" : "plain"));
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /up HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("plain", (await client.ReadResponseAsync())!.Text);
            client.Send("GET /up HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\n\r\n");
            Assert.Equal("plain", (await client.ReadResponseAsync())!.Text);
            client.Send("GET /up HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Upgrade\r\nUpgrade: h2c\r\n\r\n");
            Assert.Equal("upgrade", (await client.ReadResponseAsync())!.Text);
        });
    }

    [Fact]
    public void AwaitForeach_OverTheRequestBody_YieldsItsChunksToTheEnd()
    {
        var app = new Application();
        var gotChunk = new AioEvent();
        app.Router.AddPost("/sum", async r =>
        {
            int chunks = 0;
            var all = new StringBuilder();
            await foreach (ReadOnlyMemory<byte> chunk in r.Content)
            {
                chunks++;
                all.Append(Encoding.ASCII.GetString(chunk.Span));
                gotChunk.Set();
            }

            return new Response($"{chunks}:{all}");
        });
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("POST /sum HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
            await gotChunk.WaitAsync(); // the handler has the first chunk before the rest is sent
            client.Send("6\r\n world\r\n0\r\n\r\n");
            RawResponse r = (await client.ReadResponseAsync())!;
            Assert.Equal("hello world", r.Text[(r.Text.IndexOf(':') + 1)..]);
            Assert.True(int.Parse(r.Text[..r.Text.IndexOf(':')]) >= 2, r.Text);

            // An empty body ends the loop at once; the connection serves the next request.
            client.Send("POST /sum HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            Assert.Equal("0:", (await client.ReadResponseAsync())!.Text);
        });
    }
}
