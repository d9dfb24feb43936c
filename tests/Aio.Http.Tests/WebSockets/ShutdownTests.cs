using Aio.Http.Server;
using Aio.Http.Testing;
using Aio.Http.WebSockets;

namespace Aio.Http.Tests.WebSockets;

/// <summary>WebSockets and the server's shutdown: aiohttp's recipe (close them from OnShutdown with 1001) works.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public void OnShutdownClosesOpenWebSocketsWithGoingAway()
    {
        WsMessage? seen = null;
        VirtualTime.Run(async () =>
        {
            var open = new List<WebSocketResponse>();
            var app = new Application();
            app.Router.AddGet("/ws", async request =>
            {
                var ws = new WebSocketResponse();
                await ws.PrepareAsync(request);
                open.Add(ws);
                await foreach (WsMessage _ in ws)
                {
                }

                open.Remove(ws);
                return ws;
            });
            app.OnShutdown.Add(async _ =>
            {
                foreach (WebSocketResponse ws in open.ToArray())
                {
                    await ws.CloseAsync(WsCloseCode.GoingAway, "Server shutdown");
                }
            });
            TestServer server = await TestServer.StartAsync(app);
            ClientWebSocketResponse client = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{server.Port}/ws");
            await client.SendStrAsync("x");
            await Asyncio.Sleep(0.1);
            AioTask closing = Asyncio.CreateTask(server.CloseAsync());
            seen = await client.ReceiveAsync();
            await closing;
        });
        Assert.Equal(WsMsgType.Close, seen!.Type);
        Assert.Equal(WsCloseCode.GoingAway, seen.CloseCode);
        Assert.Equal("Server shutdown", seen.Text);
    }
}
