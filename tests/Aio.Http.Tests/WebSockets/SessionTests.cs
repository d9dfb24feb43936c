using Aio.Http.Client;
using Aio.Http.Server;
using Aio.Http.Testing;
using Aio.Http.WebSockets;

namespace Aio.Http.Tests.WebSockets;

/// <summary><c>session.WsConnectAsync</c>: the upgrade goes through the session, and the connection leaves its pool.</summary>
public sealed class SessionTests
{
    private static Application App()
    {
        var app = new Application();
        app.Router.AddGet("/ws", async request =>
        {
            var ws = new WebSocketResponse(new WebSocketOptions { Protocols = ["p1"] });
            await ws.PrepareAsync(request);
            await foreach (WsMessage msg in ws)
            {
                await ws.SendStrAsync($"{request.Headers["X-Token"]}|{request.Cookies.GetValueOrDefault("c")}|{msg.Text}");
            }

            return ws;
        });
        app.Router.AddGet("/plain", async _ => new Response(text: "not a websocket"));
        return app;
    }

    [Fact]
    public void UpgradesThroughTheSessionAndFreesThePoolSlot()
    {
        VirtualTime.Run(async () =>
        {
            await using TestServer server = await TestServer.StartAsync(App());
            await using var session = new ClientSession(
                baseUrl: server.BaseUrl,
                headers: [new("X-Token", "t0k")],
                connector: new TcpConnector(limit: 1));
            ClientWebSocketResponse ws = await session.WsConnectAsync(
                "/ws",
                new WebSocketOptions { Protocols = ["p0", "p1"] },
                new RequestOptions { Cookies = [new("c", "cookie")] });
            Assert.Equal("p1", ws.Protocol);
            await ws.SendStrAsync("hi");
            Assert.Equal("t0k|cookie|hi", await ws.ReceiveStrAsync());

            // With a pool of one, plain requests still run while the WebSocket is open: its slot was freed.
            await using (ClientResponse plain = await session.GetAsync("/plain"))
            {
                Assert.Equal("not a websocket", await plain.TextAsync());
            }

            ClientWebSocketResponse second = await session.WsConnectAsync($"ws://127.0.0.1:{server.Port}/ws");
            await second.SendStrAsync("two");
            Assert.Equal("t0k||two", await second.ReceiveStrAsync());
            await second.CloseAsync();
            await ws.CloseAsync();
            Assert.Equal(WsCloseCode.Ok, ws.CloseCode);
        });
    }

    [Fact]
    public void ARefusedUpgradeFailsAndLeaksNoConnection()
    {
        VirtualTime.Run(async () =>
        {
            await using TestServer server = await TestServer.StartAsync(App());
            await using var session = new ClientSession(baseUrl: server.BaseUrl, connector: new TcpConnector(limit: 1));
            for (int i = 0; i < 3; i++)
            {
                WsHandshakeError e = await Assert.ThrowsAsync<WsHandshakeError>(async () => await session.WsConnectAsync("/plain"));
                Assert.Equal(200, e.Status);
            }

            WsHandshakeError missing = await Assert.ThrowsAsync<WsHandshakeError>(async () => await session.WsConnectAsync("/nowhere"));
            Assert.Equal(404, missing.Status);
            ClientWebSocketResponse ws = await session.WsConnectAsync("/ws");
            await ws.SendStrAsync("ok");
            Assert.Equal("||ok", await ws.ReceiveStrAsync());
            await ws.CloseAsync();
        });
    }
}
