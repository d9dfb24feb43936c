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
