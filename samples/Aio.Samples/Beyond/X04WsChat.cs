using Aio.Http.Client;
using Aio.Http.Server;
using Aio.Http.WebSockets;

namespace Aio.Samples.Beyond;

/// <summary>
/// The guide's chat server (<see cref="Guide.S18ChatServer"/>) again, over WebSockets: an Aio.Http
/// handler keeps every <see cref="WebSocketResponse"/> and broadcasts each text message to all of
/// them; three clients on one <see cref="ClientSession"/> take turns. The aiohttp twin is
/// tests/Aio.Tests/Conformance/extra/x04_ws_chat.py.
/// </summary>
public static class X04WsChat
{
    private static readonly List<WebSocketResponse> Clients = [];

    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine<StreamResponse> Chat(Request request)
    {
        var ws = new WebSocketResponse();
        await ws.PrepareAsync(request);
        string name = request.Query["name"]!;
        Clients.Add(ws);
        await ws.SendStrAsync($"welcome {name}, {Clients.Count} here");
        await foreach (WsMessage msg in ws)
        {
            if (msg.Type == WsMsgType.Text)
            {
                foreach (WebSocketResponse client in Clients)
                {
                    await client.SendStrAsync($"{name}: {msg.Text}");
                }
            }
        }

        Clients.Remove(ws);
        return ws;
    }

    private static async Coroutine Main()
    {
        var app = new Application();
        app.Router.AddGet("/chat", Chat);
        var runner = new AppRunner(app);
        await runner.SetupAsync();
        var site = new TcpSite(runner, "127.0.0.1", 0);
        await site.StartAsync();
        await using (var session = new ClientSession())
        {
            string[] names = ["alice", "bob", "carol"];
            var sockets = new List<ClientWebSocketResponse>();
            foreach (string name in names)
            {
                ClientWebSocketResponse ws = await session.WsConnectAsync($"http://127.0.0.1:{site.Port}/chat?name={name}");
                Console.WriteLine((await ws.ReceiveAsync()).Text);
                sockets.Add(ws);
            }

            string[] lines = ["hi", "hello", "hey"];
            for (int i = 0; i < names.Length; i++)
            {
                await sockets[i].SendStrAsync(lines[i]);
                WsMessage[] received = await Asyncio.Gather(sockets.Select(s => s.ReceiveAsync()).ToArray());
                string got = string.Join(", ", received.Select(m => m.Text!).Distinct().Order(StringComparer.Ordinal));
                Console.WriteLine($"{names[i]} said '{lines[i]}'; {received.Length} clients got: {got}");
            }

            for (int i = 0; i < names.Length; i++)
            {
                await sockets[i].CloseAsync();
                Console.WriteLine($"{names[i]} closed with {(int?)sockets[i].CloseCode}");
            }

            await Asyncio.Sleep(0.1);
        }

        Console.WriteLine($"{Clients.Count} clients left");
        await runner.CleanupAsync();
    }
}
