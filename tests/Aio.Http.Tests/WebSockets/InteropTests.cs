using System.Net;
using System.Net.Sockets;
using System.Text;
using Aio.Http.WebSockets;
using NetWebSocket = System.Net.WebSockets.WebSocket;
using NetClientWebSocket = System.Net.WebSockets.ClientWebSocket;
using NetCloseStatus = System.Net.WebSockets.WebSocketCloseStatus;
using NetMessageType = System.Net.WebSockets.WebSocketMessageType;

namespace Aio.Http.Tests.WebSockets;

/// <summary>
/// Aio's WebSockets against a second implementation: .NET's <c>ClientWebSocket</c> against Aio's server,
/// and Aio's client against .NET's <c>WebSocket.CreateFromStream</c> server. Real time: the peer's I/O is
/// on the thread pool, which the virtual clock cannot see.
/// </summary>
public sealed class InteropTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static async Task<(NetMessageType Type, byte[] Data)> ReceiveWholeAsync(NetWebSocket ws, CancellationToken ct)
    {
        var buffer = new byte[8192];
        using var data = new MemoryStream();
        while (true)
        {
            System.Net.WebSockets.WebSocketReceiveResult r = await ws.ReceiveAsync(buffer, ct);
            data.Write(buffer, 0, r.Count);
            if (r.EndOfMessage)
            {
                return (r.MessageType, data.ToArray());
            }
        }
    }

    [Fact]
    public void DotNetClientWebSocketTalksToAioServer()
    {
        var serverLog = new List<string>();
        Asyncio.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(
                async ws =>
                {
                    serverLog.Add($"protocol={ws.Protocol}");
                    await foreach (WsMessage msg in ws)
                    {
                        serverLog.Add(msg.Type.ToString());
                        if (msg.Type == WsMsgType.Text)
                        {
                            await ws.SendStrAsync(msg.Text!.ToUpperInvariant());
                        }
                        else
                        {
                            await ws.SendBytesAsync(msg.Data);
                        }
                    }

                    serverLog.Add($"close={(int?)ws.CloseCode}");
                },
                new WebSocketOptions { Protocols = ["chat"] });
            await using (server)
            {
                using var cts = new CancellationTokenSource(Limit);
                using var client = new NetClientWebSocket();
                client.Options.AddSubProtocol("chat");
                client.Options.KeepAliveInterval = TimeSpan.Zero;
                await client.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws"), cts.Token);
                Assert.Equal("chat", client.SubProtocol);

                await client.SendAsync(Encoding.UTF8.GetBytes("hello ωorld"), NetMessageType.Text, true, cts.Token);
                (NetMessageType type, byte[] data) = await ReceiveWholeAsync(client, cts.Token);
                Assert.Equal(NetMessageType.Text, type);
                Assert.Equal("HELLO ΩORLD", Encoding.UTF8.GetString(data));

                // A fragmented binary message, then a big one that needs the 64-bit length.
                await client.SendAsync(new byte[] { 1, 2 }, NetMessageType.Binary, false, cts.Token);
                await client.SendAsync(new byte[] { 3 }, NetMessageType.Binary, true, cts.Token);
                Assert.Equal(new byte[] { 1, 2, 3 }, (await ReceiveWholeAsync(client, cts.Token)).Data);
                byte[] big = new byte[200_000];
                new Random(1).NextBytes(big);
                await client.SendAsync(big, NetMessageType.Binary, true, cts.Token);
                Assert.Equal(big, (await ReceiveWholeAsync(client, cts.Token)).Data);

                await client.CloseAsync(NetCloseStatus.NormalClosure, "done", cts.Token);
                Assert.Equal(NetCloseStatus.NormalClosure, client.CloseStatus);
                await Asyncio.Sleep(0.05);
            }
        });
        Assert.Equal(["protocol=chat", "Text", "Binary", "Binary", "close=1000"], serverLog);
    }

    [Fact]
    public void DotNetClientSeesAioServersCloseCode()
    {
        Asyncio.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(async ws => await ws.CloseAsync(WsCloseCode.TryAgainLater, "busy"));
            await using (server)
            {
                using var cts = new CancellationTokenSource(Limit);
                using var client = new NetClientWebSocket();
                await client.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"), cts.Token);
                System.Net.WebSockets.WebSocketReceiveResult r = await client.ReceiveAsync(new byte[16], cts.Token);
                Assert.Equal(NetMessageType.Close, r.MessageType);
                Assert.Equal((NetCloseStatus)1013, client.CloseStatus);
                Assert.Equal("busy", client.CloseStatusDescription);
                await client.CloseOutputAsync(NetCloseStatus.NormalClosure, "", cts.Token);
                await Asyncio.Sleep(0.05);
            }
        });
    }

    [Fact]
    public void AioClientTalksToDotNetServerFromStream()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<string> serverTask = Task.Run(async () =>
        {
            using var cts = new CancellationTokenSource(Limit);
            using TcpClient tcp = await listener.AcceptTcpClientAsync(cts.Token);
            NetworkStream stream = tcp.GetStream();

            // The handshake by hand: read the request head, answer with the accept value.
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one, cts.Token) == 0)
                {
                    return "eof in handshake";
                }

                head.Append((char)one[0]);
            }

            string key = head.ToString().Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))[18..].Trim();
            string answer = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {WebSocketHandshake.ComputeAccept(key)}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), cts.Token);
            using NetWebSocket ws = NetWebSocket.CreateFromStream(stream, isServer: true, subProtocol: null, keepAliveInterval: TimeSpan.Zero);
            var log = new StringBuilder();
            while (true)
            {
                (NetMessageType type, byte[] data) = await ReceiveWholeAsync(ws, cts.Token);
                if (type == NetMessageType.Close)
                {
                    log.Append($"close {(int?)ws.CloseStatus} {ws.CloseStatusDescription}");
                    await ws.CloseOutputAsync(NetCloseStatus.NormalClosure, "", cts.Token);
                    return log.ToString();
                }

                log.Append($"{type}:{data.Length};");
                await ws.SendAsync(data, type, true, cts.Token);
            }
        });

        Asyncio.Run(async () =>
        {
            ClientWebSocketResponse client = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/");
            await client.SendStrAsync("ping me");
            Assert.Equal("ping me", await client.ReceiveStrAsync(timeout: 30));
            byte[] big = new byte[100_000];
            new Random(2).NextBytes(big);
            await client.SendBytesAsync(big);
            Assert.Equal(big, await client.ReceiveBytesAsync(timeout: 30));
            Assert.True(await client.CloseAsync(WsCloseCode.GoingAway, "leaving"));
            Assert.Equal(WsCloseCode.Ok, client.CloseCode);
        });
        Assert.True(serverTask.Wait(Limit));
        Assert.Equal("Text:7;Binary:100000;close 1001 leaving", serverTask.Result);
    }
}
