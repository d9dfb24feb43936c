using System.Net.Sockets;
using System.Text;
using Aio.Http.WebSockets;

namespace Aio.Http.Tests.WebSockets;

/// <summary>The connection object: messages both ways, autoping, the close handshake, errors, timeouts and heartbeat, on the virtual clock over loopback.</summary>
public sealed class ConnectionTests
{
    private sealed record Point(int X, int Y);

    [Fact]
    public void EchoesTextBinaryAndJsonThenClosesCleanly()
    {
        var seenByServer = new List<string>();
        WsCloseCode? serverCode = null;
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(async ws =>
            {
                await foreach (WsMessage msg in ws)
                {
                    seenByServer.Add(msg.ToString());
                    if (msg.Type == WsMsgType.Text)
                    {
                        await ws.SendStrAsync(msg.Text! + "/echo");
                    }
                    else if (msg.Type == WsMsgType.Binary)
                    {
                        await ws.SendBytesAsync(msg.Data.Reverse().ToArray());
                    }
                }

                serverCode = ws.CloseCode;
            });
            await using (server)
            {
                ClientWebSocketResponse client = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/chat");
                await client.SendStrAsync("héllo");
                Assert.Equal("héllo/echo", await client.ReceiveStrAsync());
                await client.SendBytesAsync(new byte[] { 1, 2, 3 });
                Assert.Equal(new byte[] { 3, 2, 1 }, await client.ReceiveBytesAsync());
                await client.SendJsonAsync(new Point(1, 2));
                Assert.Equal("{\"x\":1,\"y\":2}/echo", await client.ReceiveStrAsync()); // JsonSerializerOptions.Web
                Assert.True(await client.CloseAsync());
                Assert.Equal(WsCloseCode.Ok, client.CloseCode);
                Assert.True(client.Closed);
                Assert.False(await client.CloseAsync());
                await Asyncio.Sleep(0.1);
            }
        });
        Assert.Equal(3, seenByServer.Count);
        Assert.Equal(WsCloseCode.Ok, serverCode);
    }

    [Fact]
    public void ServerInitiatedCloseCarriesCodeAndReason()
    {
        bool? serverResult = null;
        WsCloseCode? serverCode = null;
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(async ws =>
            {
                serverResult = await ws.CloseAsync((WsCloseCode)4000, "bye now");
                serverCode = ws.CloseCode;
            });
            await using (server)
            {
                ClientWebSocketResponse client = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/");
                WsMessage msg = await client.ReceiveAsync();
                Assert.Equal(WsMsgType.Close, msg.Type);
                Assert.Equal((WsCloseCode)4000, msg.CloseCode);
                Assert.Equal("bye now", msg.Text);
                Assert.Equal((WsCloseCode)4000, client.CloseCode);
                Assert.Equal(WsMsgType.Closed, (await client.ReceiveAsync()).Type);
                await Asyncio.Sleep(0.1);
            }
        });
        Assert.True(serverResult);
        Assert.Equal((WsCloseCode)4000, serverCode);
    }

    [Fact]
    public void LargeMessagesCrossInBothDirections()
    {
        byte[] big = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(big);
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(async ws =>
            {
                byte[] got = await ws.ReceiveBytesAsync();
                await ws.SendBytesAsync(got);
                await ws.ReceiveAsync();
            });
            await using (server)
            {
                ClientWebSocketResponse client = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/");
                await client.SendBytesAsync(big);
                Assert.Equal(big, await client.ReceiveBytesAsync());
                await client.CloseAsync();
            }
        });
    }

    [Fact]
    public void PingsAreAnsweredWithoutReachingTheApplication()
    {
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(async ws =>
            {
                WsMessage msg = await ws.ReceiveAsync();
                await ws.SendStrAsync($"first={msg.Type}:{msg.Text}");
                await ws.ReceiveAsync();
            });
            await using (server)
            {
                RawPeer peer = await RawPeer.ConnectAsync(port);
                Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", peer.Head);
                Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", peer.Head);
                peer.Send(Frames.Build(0x89, "hb"u8, Frames.RfcKey));
                var pong = (await peer.NextFrameAsync())!.Value;
                Assert.Equal(0xA, pong.Opcode);
                Assert.Equal("hb"u8.ToArray(), pong.Payload);
                peer.Send(Frames.Build(0x8A, "unsolicited"u8, Frames.RfcKey));
                peer.Send(Frames.Text("data"));
                var reply = (await peer.NextFrameAsync())!.Value;
                Assert.Equal("first=Text:data", Encoding.UTF8.GetString(reply.Payload));
                peer.Send(Frames.Close(1000));
                var close = (await peer.NextFrameAsync())!.Value;
                Assert.Equal(0x8, close.Opcode);
                Assert.True(await peer.AtEofAsync());
            }
        });
    }

    [Fact]
    public void WithoutAutopingPingsAndPongsAreReturned()
    {
        var types = new List<WsMsgType>();
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(
                async ws =>
                {
                    types.Add((await ws.ReceiveAsync()).Type);
                    types.Add((await ws.ReceiveAsync()).Type);
                    await ws.PongAsync("manual"u8.ToArray());
                    types.Add((await ws.ReceiveAsync()).Type);
                },
                new WebSocketOptions { Autoping = false });
            await using (server)
            {
                RawPeer peer = await RawPeer.ConnectAsync(port);
                peer.Send(Frames.Build(0x89, "p"u8, Frames.RfcKey));
                peer.Send(Frames.Build(0x8A, "q"u8, Frames.RfcKey));
                var pong = (await peer.NextFrameAsync())!.Value;
                Assert.Equal("manual"u8.ToArray(), pong.Payload);
                peer.Send(Frames.Close(1001));
                await peer.AtEofAsync();
            }
        });
        Assert.Equal([WsMsgType.Ping, WsMsgType.Pong, WsMsgType.Close], types);
    }

    [Theory]
    [InlineData("unmasked", 1002)]
    [InlineData("badutf8", 1007)]
    [InlineData("toobig", 1009)]
    [InlineData("badclose", 1002)]
    public void ProtocolErrorsCloseWithTheirCode(string kind, int expected)
    {
        WsMessage? seen = null;
        WsCloseCode? serverCode = null;
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(
                async ws =>
                {
                    seen = await ws.ReceiveAsync();
                    serverCode = ws.CloseCode;
                },
                new WebSocketOptions { MaxMessageSize = 1024 });
            await using (server)
            {
                RawPeer peer = await RawPeer.ConnectAsync(port);
                peer.Send(kind switch
                {
                    "unmasked" => Frames.Text("hi", masked: false),
                    "badutf8" => Frames.Build(0x81, [0xC3, 0x28], Frames.RfcKey),
                    "toobig" => Frames.Binary(new byte[2048]),
                    _ => Frames.Close(1005),
                });
                var close = (await peer.NextFrameAsync())!.Value;
                Assert.Equal(0x8, close.Opcode);
                Assert.Equal(expected, (close.Payload[0] << 8) | close.Payload[1]);
                Assert.True(await peer.AtEofAsync());
            }
        });
        Assert.Equal(WsMsgType.Error, seen!.Type);
        Assert.Equal(expected, (int)((WebSocketError)seen.Exception!).Code);
        Assert.Equal(expected, (int)serverCode!);
    }

    [Fact]
    public void CloseWaitsForTheReplyThenGivesUpWith1006()
    {
        bool? result = null;
        WsCloseCode? code = null;
        double elapsed = 0;
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(async ws =>
            {
                double start = Asyncio.GetRunningLoop().Time();
                result = await ws.CloseAsync();
                elapsed = Asyncio.GetRunningLoop().Time() - start;
                code = ws.CloseCode;
            });
            await using (server)
            {
                RawPeer peer = await RawPeer.ConnectAsync(port);
                var close = (await peer.NextFrameAsync())!.Value;
                Assert.Equal(0x8, close.Opcode);
                peer.Send(Frames.Text("data the closing side discards"));
                Assert.True(await peer.AtEofAsync());
            }
        });
        Assert.True(result);
        Assert.Equal(WsCloseCode.AbnormalClosure, code);
        Assert.Equal(10.0, elapsed, 1);
    }

    [Fact]
    public void PeerVanishingWithoutCloseFrameIsClosedWith1006()
    {
        WsMessage? seen = null;
        WsCloseCode? code = null;
        VirtualTime.Run(async () =>
        {
            var done = Asyncio.GetRunningLoop().CreateFuture<bool>();
            (AioServer server, int port) = await WsPeers.ServeAsync(async ws =>
            {
                seen = await ws.ReceiveAsync();
                code = ws.CloseCode;
                done.SetResult(true);
            });
            await using (server)
            {
                RawPeer peer = await RawPeer.ConnectAsync(port);
                peer.Writer.Close();
                await done;
            }
        });
        Assert.Equal(WsMsgType.Closed, seen!.Type);
        Assert.Equal(WsCloseCode.AbnormalClosure, code);
    }

    [Fact]
    public void HeartbeatClosesASilentPeerWith1006()
    {
        WsMessage? seen = null;
        double when = 0;
        int pings = 0;
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(
                async ws =>
                {
                    seen = await ws.ReceiveAsync();
                    when = Asyncio.GetRunningLoop().Time();
                    Assert.Equal(WsCloseCode.AbnormalClosure, ws.CloseCode);
                },
                new WebSocketOptions { Heartbeat = 4, Autoping = false });
            await using (server)
            {
                double start = Asyncio.GetRunningLoop().Time();
                RawPeer peer = await RawPeer.ConnectAsync(port);
                while (await peer.NextFrameAsync() is { } frame)
                {
                    Assert.Equal(0x9, frame.Opcode);
                    pings++;
                }

                when -= start;
            }
        });
        Assert.Equal(WsMsgType.Error, seen!.Type);
        Assert.IsType<TimeoutException>(seen.Exception);
        Assert.Equal(1, pings);
        Assert.Equal(6.0, when, 1);
    }

    [Fact]
    public void HeartbeatKeepsAnsweringPeerAlive()
    {
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(
                async ws =>
                {
                    WsMessage msg = await ws.ReceiveAsync();
                    await ws.SendStrAsync($"{msg.Type} {msg.Text}");
                    await ws.ReceiveAsync();
                },
                new WebSocketOptions { Heartbeat = 1 });
            await using (server)
            {
                ClientWebSocketResponse client = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/");
                await Asyncio.Sleep(30);
                Assert.False(client.Closed);
                await client.SendStrAsync("still here");
                Assert.Equal("Text still here", await client.ReceiveStrAsync());
                await client.CloseAsync();
            }
        });
    }

    [Fact]
    public void ReceiveRulesMatchAiohttp()
    {
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(async ws =>
            {
                await Asyncio.Sleep(1);
                await ws.CloseAsync();
            });
            await using (server)
            {
                ClientWebSocketResponse client = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/");
                AioTask<WsMessage> first = Asyncio.CreateTask(client.ReceiveAsync());
                await Asyncio.Sleep(0);
                var concurrent = await Assert.ThrowsAsync<InvalidOperationException>(async () => await client.ReceiveAsync());
                Assert.Equal("Concurrent call to receive() is not allowed", concurrent.Message);
                Assert.Equal(WsMsgType.Close, (await first).Type);
                for (int i = 0; i < 4; i++)
                {
                    Assert.Equal(WsMsgType.Closed, (await client.ReceiveAsync()).Type);
                }

                await Assert.ThrowsAsync<InvalidOperationException>(async () => await client.ReceiveAsync());
                await Assert.ThrowsAsync<SocketException>(async () => await client.SendStrAsync("late"));
            }
        });
    }

    [Fact]
    public void CloseInterruptsABlockedReceiverWithClosing()
    {
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(async ws =>
            {
                await foreach (WsMessage _ in ws)
                {
                }
            });
            await using (server)
            {
                ClientWebSocketResponse client = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/");
                AioTask<WsMessage> receiver = Asyncio.CreateTask(client.ReceiveAsync());
                await Asyncio.Sleep(0.1);
                Assert.True(await client.CloseAsync(WsCloseCode.GoingAway));
                Assert.Equal(WsMsgType.Closing, (await receiver).Type);
                Assert.Equal(WsCloseCode.GoingAway, client.CloseCode);
            }
        });
    }

    [Fact]
    public void ReceiveTimeoutLeavesTheConnectionOpen()
    {
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(async ws =>
            {
                await Asyncio.Sleep(5);
                await ws.SendStrAsync("late");
                await ws.ReceiveAsync();
            });
            await using (server)
            {
                ClientWebSocketResponse client = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/", new WebSocketOptions { ReceiveTimeout = 2 });
                await Assert.ThrowsAsync<TimeoutException>(async () => await client.ReceiveAsync());
                Assert.Equal("late", await client.ReceiveStrAsync(timeout: 10));
                await client.CloseAsync();
            }
        });
    }

    [Fact]
    public void CancellingAReceiveLosesNoMessage()
    {
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(async ws =>
            {
                await Asyncio.Sleep(2);
                await ws.SendStrAsync("after the cancel");
                await ws.ReceiveAsync();
            });
            await using (server)
            {
                ClientWebSocketResponse client = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/");
                AioTask<WsMessage> receiver = Asyncio.CreateTask(client.ReceiveAsync());
                await Asyncio.Sleep(1);
                receiver.Cancel();
                await Assert.ThrowsAsync<CancelledError>(async () => await receiver);
                Assert.Equal("after the cancel", await client.ReceiveStrAsync());
                await using (client)
                {
                }

                Assert.Equal(WsCloseCode.Ok, client.CloseCode);
            }
        });
    }

    [Fact]
    public void SubprotocolIsNegotiated()
    {
        string? serverSide = null;
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(
                async ws =>
                {
                    serverSide = ws.Protocol;
                    await ws.ReceiveAsync();
                },
                new WebSocketOptions { Protocols = ["v2.chat", "v1.chat"] });
            await using (server)
            {
                ClientWebSocketResponse client = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/", new WebSocketOptions { Protocols = ["v1.chat", "v2.chat"] });
                Assert.Equal("v1.chat", client.Protocol);
                await client.CloseAsync();
            }
        });
        Assert.Equal("v1.chat", serverSide);
    }

    [Theory]
    [InlineData("8", "HTTP/1.1 426 Upgrade Required", "Sec-WebSocket-Version: 13")]
    [InlineData("13", "HTTP/1.1 400 Bad Request", "Handshake error")]
    public void BadUpgradeRequestsGetA4xxAndAClosedConnection(string version, string statusLine, string expected)
    {
        VirtualTime.Run(async () =>
        {
            (AioServer server, int port) = await WsPeers.ServeAsync(async ws => await ws.ReceiveAsync());
            await using (server)
            {
                string key = version == "8" ? "dGhlIHNhbXBsZSBub25jZQ==" : "short";
                RawPeer peer = await RawPeer.ConnectAsync(port, WsPeers.UpgradeRequest(key, version));
                Assert.StartsWith(statusLine, peer.Head);
                string rest = Encoding.UTF8.GetString(await peer.Reader.ReadAsync(-1));
                Assert.Contains(expected, peer.Head + rest);
            }
        });
    }

    [Fact]
    public void ClientRejectsAServerThatDoesNotUpgrade()
    {
        VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    await reader.ReadUntilAsync("\r\n\r\n"u8.ToArray());
                    writer.Write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8);
                    await writer.DrainAsync();
                    await reader.ReadAsync(-1);
                    writer.Close();
                },
                "127.0.0.1",
                0);
            int port = ((System.Net.IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;
            await using (server)
            {
                WsHandshakeError e = await Assert.ThrowsAsync<WsHandshakeError>(async () => await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/"));
                Assert.Equal(200, e.Status);
            }
        });
    }

    [Fact]
    public void ClientRejectsAWrongAcceptValue()
    {
        VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    await reader.ReadUntilAsync("\r\n\r\n"u8.ToArray());
                    writer.Write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"u8);
                    await writer.DrainAsync();
                    await reader.ReadAsync(-1);
                    writer.Close();
                },
                "127.0.0.1",
                0);
            int port = ((System.Net.IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;
            await using (server)
            {
                WsHandshakeError e = await Assert.ThrowsAsync<WsHandshakeError>(async () => await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/"));
                Assert.Equal("Invalid challenge response", e.Message);
            }
        });
    }
}
