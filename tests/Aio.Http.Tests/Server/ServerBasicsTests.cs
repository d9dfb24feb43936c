using Aio.Http.Server;
using Aio.Http.Testing;
using Aio.Http.Tests.Support;

namespace Aio.Http.Tests.Server;

public sealed class ServerBasicsTests
{
    internal static void Serve(Application app, Func<TestServer, Coroutine> body, HttpServerOptions? options = null)
    {
        VirtualTime.Run(Run());

        async Coroutine Run()
        {
            await using TestServer server = await TestServer.StartAsync(app, options);
            await body(server);
        }
    }

    [Fact]
    public void Get_PlainRoute_AnswersWithTextAndFraming() => Serve(Handlers.Echo(), async server =>
    {
        using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
        client.Send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
        RawResponse response = (await client.ReadResponseAsync())!;
        Assert.Equal(200, response.Status);
        Assert.Equal("Hello, World!", response.Text);
        Assert.Equal("text/plain; charset=utf-8", response["content-type"]);
        Assert.Equal("13", response["content-length"]);
        Assert.NotNull(response["date"]);
        Assert.True(response.Head.KeepAlive);
    });
}

public sealed class RoutingTests
{
#pragma warning disable CS1998
    [Fact]
    public void Router_VariablesRegexAndMethods_Resolve()
    {
        var app = new Application();
        app.Router.AddGet("/users/{id:\\d+}", async r => new Response("user " + r.MatchInfo["id"]), name: "user");
        app.Router.AddGet("/files/{name}.{ext}", async r => new Response(r.MatchInfo["name"] + "|" + r.MatchInfo["ext"]));
        app.Router.AddPost("/users/{id:\\d+}", async r => new Response("posted " + r.MatchInfo["id"]));
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /users/42 HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("user 42", (await client.ReadResponseAsync())!.Text);
            client.Send("POST /users/7 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            Assert.Equal("posted 7", (await client.ReadResponseAsync())!.Text);
            client.Send("GET /files/report.tar HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("report|tar", (await client.ReadResponseAsync())!.Text);
            client.Send("GET /users/abc HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(404, (await client.ReadResponseAsync())!.Status);
            client.Send("DELETE /users/1 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse notAllowed = (await client.ReadResponseAsync())!;
            Assert.Equal(405, notAllowed.Status);
            Assert.Equal("GET,HEAD,POST", notAllowed["allow"]);
        });
        Assert.Equal("/users/5", app.Router.UrlFor("user", new Dictionary<string, string> { ["id"] = "5" }));
    }

    [Fact]
    public void UrlFor_EncodesValuesAndAppendsQuery()
    {
        var app = new Application();
        app.Router.AddGet("/a/{x}", async _ => new Response("ok"), name: "a");
        var query = new MultiDict();
        query.Add("q", "a b&c");
        Assert.Equal("/a/hello%20world%2F?q=a%20b%26c", app.Router["a"].UrlFor(new Dictionary<string, string> { ["x"] = "hello world/" }, query));
        Assert.Throws<ArgumentException>(() => app.Router["a"].UrlFor());
        Assert.Throws<ArgumentException>(() => app.Router.AddGet("/b", async _ => new Response("ok"), name: "a"));
    }

    [Fact]
    public void Head_OnGetRoute_SendsHeadersWithoutBody()
    {
        ServerBasicsTests.Serve(Handlers.Echo(), async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("HEAD /plaintext HTTP/1.1\r\nHost: x\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse head = (await client.ReadResponseAsync("HEAD"))!;
            Assert.Equal("13", head["content-length"]);
            Assert.Empty(head.Body);
            Assert.Equal("Hello, World!", (await client.ReadResponseAsync())!.Text);
        });
    }

    [Fact]
    public void SubApp_SeesThePathAfterItsPrefix_AndItsMiddlewaresRunInside()
    {
        var log = new List<string>();
        var app = new Application();
        app.Middlewares.Add(async (r, next) => { log.Add("outer>"); StreamResponse resp = await next(r); log.Add("<outer"); return resp; });
        var admin = new Application();
        admin.Middlewares.Add(async (r, next) => { log.Add("inner>"); StreamResponse resp = await next(r); log.Add("<inner"); return resp; });
        admin.Router.AddGet("/users/{id}", async r => { log.Add("handler"); return new Response("admin " + r.MatchInfo["id"] + " " + r.Path); }, name: "au");
        app.AddSubApp("/admin", admin);
        app.Router.AddGet("/", async _ => new Response("root"));
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /admin/users/3 HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("admin 3 /admin/users/3", (await client.ReadResponseAsync())!.Text);
            client.Send("GET /admin/nothing HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(404, (await client.ReadResponseAsync())!.Status);
            client.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("root", (await client.ReadResponseAsync())!.Text);
        });
        // The 404 under the prefix propagates through the root middleware (no "<outer"), as aiohttp raises it inside the chain.
        Assert.Equal(["outer>", "inner>", "handler", "<inner", "<outer", "outer>", "outer>", "<outer"], log);
    }

    [Fact]
    public void Middleware_CanAnswerNotFoundAndReplaceResponses()
    {
        var app = new Application();
        app.Middlewares.Add(async (r, next) =>
        {
            try
            {
                return await next(r);
            }
            catch (HttpNotFound)
            {
                return new Response("custom 404", 404);
            }
        });
        app.Router.AddRoutes(new RouteTable().Get("/t", async _ => new Response("table")));
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /missing HTTP/1.1\r\nHost: x\r\n\r\nGET /t HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("custom 404", (await client.ReadResponseAsync())!.Text);
            Assert.Equal("table", (await client.ReadResponseAsync())!.Text);
        });
    }

    [Fact]
    public void Router_IsFrozenOnceRunning()
    {
        var app = new Application();
        ServerBasicsTests.Serve(app, async server =>
        {
            Assert.Throws<InvalidOperationException>(() => app.Router.AddGet("/late", async _ => new Response("x")));
            await Asyncio.Sleep(0);
        });
    }
#pragma warning restore CS1998
}
