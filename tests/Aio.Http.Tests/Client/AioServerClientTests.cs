using System.Security.Cryptography;
using System.Text;
using Aio.Http.Client;
using Aio.Http.Server;
using Aio.Http.Testing;

namespace Aio.Http.Tests.Client;

/// <summary>Aio's client against Aio's server through <see cref="TestClient"/>, on the virtual clock.</summary>
public sealed class AioServerClientTests
{
    private static Application App()
    {
        var app = new Application(clientMaxSize: 4 * 1024 * 1024);
        app.Router.AddGet("/hello", async _ => new Response("Hello, Aio"));
        app.Router.AddPost("/echo", async r => new Response(await r.ReadAsync(), contentType: r.ContentType));
        app.Router.AddPost("/form", async r =>
        {
            FormFields form = await r.PostAsync();
            string files = string.Join(",", form.Files.Select(f => $"{f.Name}:{f.FileName}:{f.ContentType}:{Convert.ToHexString(SHA256.HashData(f.Content.Span))}"));
            return new Response($"title={form["title"]};{files}");
        });
        app.Router.AddGet("/stream", async r =>
        {
            var response = new StreamResponse();
            response.EnableChunkedEncoding();
            await response.PrepareAsync(r);
            for (int i = 0; i < 4; i++)
            {
                await response.WriteAsync(Encoding.ASCII.GetBytes($"tick{i} "));
                await Asyncio.Sleep(1);
            }

            await response.WriteEofAsync();
            return response;
        });
        app.Router.AddGet("/cookie", async _ =>
        {
            var response = new Response("set");
            response.SetCookie("id", "42");
            return response;
        });
        app.Router.AddGet("/whoami", async r => new Response(r.Cookies.TryGetValue("id", out string? id) ? id : "nobody"));
        app.Router.AddGet("/sleep", async _ =>
        {
            await Asyncio.Sleep(100);
            return new Response("woke");
        });
        return app;
    }

    [Fact]
    public void GetPostAndKeepAlive() => VirtualTime.Run(Basics());

    private static async Coroutine Basics()
    {
        await using TestClient client = await TestClient.StartAsync(App());
        for (int i = 0; i < 5; i++)
        {
            await using ClientResponse r = await client.GetAsync("/hello");
            Assert.Equal("Hello, Aio", await r.TextAsync());
        }

        await using ClientResponse echo = await client.PostAsync("/echo", Payload.FromJson(new { a = 1 }));
        Assert.Equal("application/json", echo.ContentType);
        Assert.Equal("{\"a\":1}", await echo.TextAsync());
        Assert.Equal(1, client.Session.Connector.ConnectionsMade);
        Assert.Equal(1, client.Server.Runner.ConnectionCount);
        await using ClientResponse missing = await client.GetAsync("/nope");
        Assert.Equal(404, missing.Status);
    }

    private sealed record Order(string CustomerName, int ItemCount, DateTimeOffset PlacedAt);

    [Fact]
    public void AnAioClientAndServerRoundTripARecordWithNoJsonOptions() => VirtualTime.Run(JsonRoundTrip());

    private static async Coroutine JsonRoundTrip()
    {
        var app = new Application();
        app.Router.AddPost("/orders", async r =>
        {
            Order order = (await r.JsonAsync<Order>())!;
            return Response.Json(order with { ItemCount = order.ItemCount + 1 });
        });
        await using TestClient client = await TestClient.StartAsync(app);
        var sent = new Order("Ann Lee", 2, new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero));
        await using ClientResponse r = await client.PostAsync("/orders", Payload.FromJson(sent));
        Assert.Equal(200, r.Status);
        Assert.Equal(sent with { ItemCount = 3 }, await r.JsonAsync<Order>());

        // Both sides use JsonSerializerOptions.Web: camelCase on the wire, as ASP.NET Core and HttpClient.
        await using ClientResponse again = await client.PostAsync("/orders", Payload.FromJson(sent));
        Assert.StartsWith("{\"customerName\":\"Ann Lee\",\"itemCount\":3,", await again.TextAsync());
    }

    [Fact]
    public void MultipartRoundTripThroughAioServer() => VirtualTime.Run(Multipart());

    private static async Coroutine Multipart()
    {
        await using TestClient client = await TestClient.StartAsync(App());
        byte[] file = RandomNumberGenerator.GetBytes(200_000);
        var form = new FormData { { "title", "trip" } };
        form.AddFile("photo", "a.bin", file, "image/x-test");
        await using ClientResponse r = await client.PostAsync("/form", form);
        Assert.Equal($"title=trip;photo:a.bin:image/x-test:{Convert.ToHexString(SHA256.HashData(file))}", await r.TextAsync());
    }

    [Fact]
    public void StreamsChunksAsTheServerWritesThem() => VirtualTime.Run(Stream());

    private static async Coroutine Stream()
    {
        await using TestClient client = await TestClient.StartAsync(App());
        EventLoop loop = Asyncio.GetRunningLoop();
        await using ClientResponse r = await client.GetAsync("/stream");
        var arrivals = new List<(string Text, double At)>();
        double start = loop.Time();
        await foreach (ReadOnlyMemory<byte> chunk in r.Content)
        {
            arrivals.Add((Encoding.ASCII.GetString(chunk.Span), loop.Time() - start));
        }

        Assert.Equal("tick0 tick1 tick2 tick3 ", string.Concat(arrivals.Select(a => a.Text)));
        Assert.True(arrivals.Count >= 4);
        Assert.InRange(arrivals[^1].At, 3, 4.5);
    }

    [Fact]
    public void CookiesThroughTheTestClient() => VirtualTime.Run(Cookies());

    private static async Coroutine Cookies()
    {
        await using TestClient client = await TestClient.StartAsync(App());
        await (await client.GetAsync("/cookie")).ReadAsync();
        await using ClientResponse r = await client.GetAsync("/whoami");
        Assert.Equal("42", await r.TextAsync());
    }

    [Fact]
    public void ATimeoutAgainstASlowHandlerTakesNoRealTime() => VirtualTime.Run(Slow());

    private static async Coroutine Slow()
    {
        await using TestClient client = await TestClient.StartAsync(App(), timeout: new ClientTimeout(Total: 10));
        EventLoop loop = Asyncio.GetRunningLoop();
        double start = loop.Time();
        await Assert.ThrowsAsync<ClientTimeoutError>(async () => await client.GetAsync("/sleep"));
        Assert.Equal(0, client.Session.Connector.OpenConnections);
        await using ClientResponse r = await client.GetAsync("/hello");
        Assert.Equal(200, r.Status);
        Assert.InRange(loop.Time() - start, 10, 10.5);
    }
}
