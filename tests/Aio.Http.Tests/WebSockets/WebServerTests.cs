using System.Text;
using Aio.Http.Server;
using Aio.Http.Testing;
using Aio.Http.WebSockets;
using NetClientWebSocket = System.Net.WebSockets.ClientWebSocket;
using NetMessageType = System.Net.WebSockets.WebSocketMessageType;

namespace Aio.Http.Tests.WebSockets;

/// <summary><see cref="WebSocketResponse"/> in an Aio.Http handler, through the server's upgrade hook.</summary>
public sealed class WebServerTests
{
    private static Application EchoApp(List<string>? log = null, WebSocketOptions? options = null)
    {
        var app = new Application();
        app.Router.AddGet("/ws", async request =>
        {
            var ws = new WebSocketResponse(options);
            await ws.PrepareAsync(request);
            await foreach (WsMessage msg in ws)
            {
                log?.Add(msg.ToString());
                if (msg.Type == WsMsgType.Text)
                {
                    await ws.SendStrAsync($"{request.Query["name"]}:{msg.Text}");
                }
                else
                {
                    await ws.SendBytesAsync(msg.Data);
                }
            }

            log?.Add($"closed {(int?)ws.CloseCode}");
            return ws;
        });
        app.Router.AddGet("/plain", async _ => new Response(text: "plain"));
        return app;
    }

    [Fact]
    public void AioClientTalksToAHandler()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            await using TestServer server = await TestServer.StartAsync(EchoApp(log, new WebSocketOptions { Protocols = ["chat"] }));
            ClientWebSocketResponse ws = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{server.Port}/ws?name=bob", new WebSocketOptions { Protocols = ["chat"] });
            Assert.Equal("chat", ws.Protocol);
            await ws.SendStrAsync("hi");
            Assert.Equal("bob:hi", await ws.ReceiveStrAsync());
            await ws.SendBytesAsync(new byte[100_000]);
            Assert.Equal(100_000, (await ws.ReceiveBytesAsync()).Length);

            // The server keeps serving plain HTTP beside the WebSocket.
            ClientWebSocketResponse second = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{server.Port}/ws?name=ann");
            await second.SendStrAsync("yo");
            Assert.Equal("ann:yo", await second.ReceiveStrAsync());
            await second.CloseAsync();
            Assert.True(await ws.CloseAsync());
            await Asyncio.Sleep(0.1);
        });
        Assert.Equal(["WsMessage(Text, 2 chars)", "WsMessage(Binary, 100000 bytes)", "WsMessage(Text, 2 chars)", "closed 1000", "closed 1000"], log);
    }

    [Fact]
    public void FramesSentWithTheUpgradeRequestAreNotLost()
    {
        VirtualTime.Run(async () =>
        {
            await using TestServer server = await TestServer.StartAsync(EchoApp());
            (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", server.Port);
            byte[] request = Encoding.ASCII.GetBytes(WsPeers.UpgradeRequest().Replace("/ws", "/ws?name=early", StringComparison.Ordinal));
            writer.Write([.. request, .. Frames.Text("in the same packet")]);
            string head = Encoding.ASCII.GetString(await reader.ReadUntilAsync("\r\n\r\n"u8.ToArray()));
            Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", head);
            Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", head);
            byte[] frame = await reader.ReadExactlyAsync(2 + "early:in the same packet".Length);
            Assert.Equal("early:in the same packet", Encoding.UTF8.GetString(frame, 2, frame.Length - 2));
            writer.Write(Frames.Close(1000));
            byte[] close = await reader.ReadExactlyAsync(4);
            Assert.Equal(new byte[] { 0x88, 0x02, 0x03, 0xE8 }, close);
            Assert.Empty(await reader.ReadAsync(-1));
            writer.Close();
        });
    }

    [Theory]
    [InlineData("GET", "13", "dGhlIHNhbXBsZSBub25jZQ==", 400)]
    [InlineData("GET", "13", "short", 400)]
    [InlineData("POST", "13", "dGhlIHNhbXBsZSBub25jZQ==", 405)]
    public void BadUpgradesGetAiohttpsStatus(string method, string version, string key, int status)
    {
        VirtualTime.Run(async () =>
        {
            var app = new Application();
            app.Router.AddRoute("*", "/ws", async request =>
            {
                var ws = new WebSocketResponse();
                Assert.False(ws.CanPrepare(request, out _));
                await ws.PrepareAsync(request);
                return ws;
            });
            await using TestServer server = await TestServer.StartAsync(app);
            (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", server.Port);
            string request = WsPeers.UpgradeRequest(key, version).Replace("GET", method, StringComparison.Ordinal);
            if (status == 400 && key.Length > 10)
            {
                request = request.Replace("Upgrade: websocket", "Upgrade: h2c", StringComparison.Ordinal);
            }

            writer.Write(Encoding.ASCII.GetBytes(request));
            string head = Encoding.ASCII.GetString(await reader.ReadUntilAsync("\r\n\r\n"u8.ToArray()));
            Assert.StartsWith($"HTTP/1.1 {status} ", head);
            writer.Close();
        });
    }

    [Fact]
    public void DotNetClientWebSocketTalksToAHandler()
    {
        var log = new List<string>();
        Asyncio.Run(async () =>
        {
            await using TestServer server = await TestServer.StartAsync(EchoApp(log));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var client = new NetClientWebSocket();
            await client.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/ws?name=net"), cts.Token);
            await client.SendAsync("hello"u8.ToArray(), NetMessageType.Text, true, cts.Token);
            var buffer = new byte[64];
            System.Net.WebSockets.WebSocketReceiveResult r = await client.ReceiveAsync(buffer, cts.Token);
            Assert.Equal("net:hello", Encoding.UTF8.GetString(buffer, 0, r.Count));
            await client.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "", cts.Token);
            await Asyncio.Sleep(0.05);
        });
        Assert.Equal(["WsMessage(Text, 5 chars)", "closed 1000"], log);
    }

    [AiohttpFact]
    public void AiohttpClientTalksToAHandler()
    {
        const string script = """
            import asyncio, sys, aiohttp
            async def main(port):
                async with aiohttp.ClientSession() as s:
                    async with s.ws_connect(f"http://127.0.0.1:{port}/ws?name=py") as ws:
                        await ws.send_str("hi")
                        print((await ws.receive()).data)
                        await ws.close()
                        print("close_code", ws.close_code)
            asyncio.run(main(int(sys.argv[1])))
            """;
        string output = "";
        Asyncio.Run(async () =>
        {
            await using TestServer server = await TestServer.StartAsync(EchoApp());
            AioProcess py = await Asyncio.CreateSubprocessExec(AiohttpFactAttribute.Python, ["-c", script, server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], stdout: Stdio.Pipe, stderr: Stdio.Stdout);
            (byte[]? stdout, _) = await Asyncio.WaitFor(py.CommunicateAsync(), 60);
            output = Encoding.UTF8.GetString(stdout!);
        });
        Assert.Equal("py:hi\nclose_code 1000\n", output);
    }
}
