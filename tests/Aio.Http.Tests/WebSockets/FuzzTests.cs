using Aio.Http.WebSockets;

namespace Aio.Http.Tests.WebSockets;

/// <summary>
/// Seeded, reproducible fuzzing of the receive side: mutated and random frame streams end in a clean
/// close with 1002, 1007 or 1009 (or are valid and served), never in an unhandled exception, and the
/// server keeps serving well-behaved clients afterwards.
/// </summary>
public sealed class FuzzTests
{
    private static readonly WsCloseCode[] ErrorCodes = [WsCloseCode.ProtocolError, WsCloseCode.InvalidText, WsCloseCode.MessageTooBig];

    private static byte[] ValidStream(Random random)
    {
        var stream = new List<byte>();
        int frames = random.Next(1, 6);
        for (int i = 0; i < frames; i++)
        {
            switch (random.Next(6))
            {
                case 0:
                    stream.AddRange(Frames.Text(new string('é', random.Next(0, 80))));
                    break;
                case 1:
                    var data = new byte[random.Next(0, random.Next(2) == 0 ? 200 : 70_000)];
                    random.NextBytes(data);
                    stream.AddRange(Frames.Binary(data));
                    break;
                case 2:
                    stream.AddRange(Frames.Text("frag", fin: false));
                    stream.AddRange(Frames.Build(0x89, "p"u8, Frames.RfcKey));
                    stream.AddRange(Frames.Build(0x80, "ment"u8, Frames.RfcKey));
                    break;
                case 3:
                    stream.AddRange(Frames.Build(0x89, new byte[random.Next(0, 126)], Frames.RfcKey));
                    break;
                case 4:
                    stream.AddRange(Frames.Build(0x8A, [], Frames.RfcKey));
                    break;
                default:
                    stream.AddRange(Frames.Text("{\"k\": [1, 2, 3]}"));
                    break;
            }
        }

        return [.. stream];
    }

    private static byte[] Mutate(Random random, byte[] valid)
    {
        if (random.Next(10) == 0)
        {
            var garbage = new byte[random.Next(1, 64)];
            random.NextBytes(garbage);
            return garbage;
        }

        var bytes = valid.ToList();
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    // Header bytes matter most: hit the first two bytes of the stream.
                    bytes[random.Next(Math.Min(2, bytes.Count))] = (byte)random.Next(256);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    [Fact]
    public void ParserOnlyEverYieldsMessagesOrAProtocolError()
    {
        var random = new Random(6455);
        var codes = new Dictionary<WsCloseCode, int>();
        for (int round = 0; round < 5000; round++)
        {
            byte[] input = Mutate(random, ValidStream(random));
            var parser = new WebSocketParser(expectMasked: true, maxMessageSize: 32 * 1024);
            int offset = 0;
            try
            {
                while (offset < input.Length)
                {
                    int chunk = Math.Min(input.Length - offset, random.Next(1, 4096));
                    parser.Feed(input.AsSpan(offset, chunk));
                    offset += chunk;
                    while (parser.TryRead(out WsMessage message))
                    {
                        Assert.True(Enum.IsDefined(message.Type), $"round {round}: {message}");
                    }
                }
            }
            catch (WebSocketError e)
            {
                Assert.Contains(e.Code, ErrorCodes);
                codes[e.Code] = codes.GetValueOrDefault(e.Code) + 1;
            }
        }

        // The mutations reach every error class, not just the first check.
        Assert.All(ErrorCodes, code => Assert.True(codes.GetValueOrDefault(code) > 0, $"no {code} in 5000 rounds: {string.Join(", ", codes)}"));
    }

    [Fact]
    public void ServerClosesMalformedConnectionsCleanlyAndKeepsServing()
    {
        const int Connections = 300;
        var random = new Random(13);
        var failures = new List<string>();
        var loopErrors = new List<string>();
        int handlersDone = 0;
        var serverCloses = new Dictionary<int, int>();
        VirtualTime.Run(async () =>
        {
            Asyncio.GetRunningLoop().SetExceptionHandler((_, context) => loopErrors.Add($"{context.Message}: {context.Exception}"));
            (AioServer server, int port) = await WsPeers.ServeAsync(
                async ws =>
                {
                    try
                    {
                        while (true)
                        {
                            WsMessage msg = await ws.ReceiveAsync();
                            if (msg.Type == WsMsgType.Error && !ErrorCodes.Contains(ws.CloseCode!.Value))
                            {
                                failures.Add($"error closed with {ws.CloseCode}: {msg.Exception}");
                            }

                            if (msg.Type is WsMsgType.Close or WsMsgType.Closed or WsMsgType.Error)
                            {
                                break;
                            }

                            if (msg.Type == WsMsgType.Text)
                            {
                                try
                                {
                                    await ws.SendStrAsync(msg.Text!);
                                }
                                catch (System.Net.Sockets.SocketException) when (ws.Closed)
                                {
                                    // The peer half-closed right after its frames: its EOF closed the connection first.
                                    break;
                                }
                            }
                        }
                    }
                    catch (Exception e)
                    {
                        failures.Add($"handler threw {e.GetType().Name}: {e.Message}");
                    }

                    handlersDone++;
                },
                new WebSocketOptions { MaxMessageSize = 32 * 1024 });
            await using (server)
            {
                for (int i = 0; i < Connections; i++)
                {
                    RawPeer peer = await RawPeer.ConnectAsync(port);
                    peer.Send(Mutate(random, ValidStream(random)));
                    peer.Writer.WriteEof();
                    while (await peer.NextFrameAsync() is { } frame)
                    {
                        if (frame.Opcode == 0x8 && frame.Payload.Length >= 2)
                        {
                            int code = (frame.Payload[0] << 8) | frame.Payload[1];
                            serverCloses[code] = serverCloses.GetValueOrDefault(code) + 1;
                        }
                    }

                    peer.Writer.Close();
                }

                // A well-behaved client is still served.
                ClientWebSocketResponse client = await WebSocketClient.ConnectAsync($"ws://127.0.0.1:{port}/");
                await client.SendStrAsync("still serving");
                Assert.Equal("still serving", await client.ReceiveStrAsync());
                await client.CloseAsync();
                await Asyncio.Sleep(0.1);
            }
        });
        Assert.Empty(failures);
        Assert.Empty(loopErrors);
        Assert.Equal(Connections + 1, handlersDone);
        Assert.True(serverCloses.GetValueOrDefault(1002) > 0, string.Join(", ", serverCloses));
    }
}
