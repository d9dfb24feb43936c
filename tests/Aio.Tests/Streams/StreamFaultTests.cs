using System.Net;
using System.Net.Sockets;
using Aio.Tests.Support;

namespace Aio.Tests.Streams;

/// <summary>
/// Peers that misbehave: each fault reaches the awaiter it concerns as an exception, and the loop
/// (and the server on it) keeps working afterwards.
/// </summary>
public class StreamFaultTests
{
    private static int PortOf(AioServer server) => ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

    /// <summary>Closes a socket with an RST instead of a FIN.</summary>
    private static void Reset(AioStreamWriter writer)
    {
        var socket = (Socket)writer.GetExtraInfo("socket")!;
        socket.LingerState = new LingerOption(true, 0);
        writer.Transport.Abort();
    }

    /// <summary>Proves the server still serves: one more client gets its line echoed.</summary>
    private static async Coroutine AssertStillServes(int port)
    {
        (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", port);
        writer.Write("still alive\n"u8);
        Assert.Equal("still alive\n"u8.ToArray(), await reader.ReadLineAsync());
        writer.Close();
        await writer.WaitClosedAsync();
    }

    private static async Coroutine EchoLines(AioStreamReader reader, AioStreamWriter writer)
    {
        try
        {
            while ((await reader.ReadLineAsync()) is { Length: > 0 } line)
            {
                writer.Write(line);
                await writer.DrainAsync();
            }
        }
        finally
        {
            writer.Close();
        }
    }

    [Fact]
    public void PeerResetsMidRead_ReadRaisesConnectionReset_AndServerCarriesOn()
    {
        VirtualTime.Run(async () =>
        {
            var failure = Asyncio.GetRunningLoop().CreateFuture<Exception>();
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    if (failure.IsDone)
                    {
                        await EchoLines(reader, writer);
                        return;
                    }

                    try
                    {
                        await reader.ReadExactlyAsync(100);
                    }
                    catch (Exception e)
                    {
                        failure.SetResult(e);
                    }
                },
                "127.0.0.1",
                0);
            (_, AioStreamWriter client) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            client.Write(new byte[10]);
            await Asyncio.Sleep(0.1);
            Reset(client);
            var error = Assert.IsType<SocketException>(await failure);
            Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
            await AssertStillServes(PortOf(server));
            server.Close();
        });
    }

    [Fact]
    public void WaitClosed_AskedOnlyAfterTheConnectionWasLost_ReturnsOrRaisesItsOutcome()
    {
        VirtualTime.Run(async () =>
        {
            var outcomes = new List<string>();
            var done = Asyncio.GetRunningLoop().CreateFuture<bool>();
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    try
                    {
                        await reader.ReadAsync();
                    }
                    catch (SocketException)
                    {
                    }

                    writer.Close(); // after the peer's FIN the connection stays half open until this
                    await Asyncio.Sleep(0.1); // the connection is lost by now, and nobody has asked yet
                    try
                    {
                        await writer.WaitClosedAsync();
                        outcomes.Add("closed");
                    }
                    catch (SocketException e)
                    {
                        outcomes.Add(e.SocketErrorCode.ToString());
                    }

                    if (outcomes.Count == 2)
                    {
                        done.SetResult(true);
                    }
                },
                "127.0.0.1",
                0);
            (_, AioStreamWriter clean) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            clean.Close();
            await Asyncio.Sleep(0.05);
            (_, AioStreamWriter reset) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            await Asyncio.Sleep(0.05);
            Reset(reset);
            await done;
            Assert.Equal(["closed", nameof(SocketError.ConnectionReset)], outcomes);
            server.Close();
        });
    }

    [Fact]
    public void HandlerCancelled_ItsConnectionCloses_AndNothingIsReported() =>
        Assert.Empty(ContextsWhenTheFirstHandlerEndsWith(new CancelledError()));

    [Fact]
    public void PeerResetsMidWrite_DrainRaises_AndServerCarriesOn()
    {
        VirtualTime.Run(async () =>
        {
            var failure = Asyncio.GetRunningLoop().CreateFuture<Exception>();
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    if (failure.IsDone)
                    {
                        await EchoLines(reader, writer);
                        return;
                    }

                    try
                    {
                        byte[] chunk = new byte[64 * 1024];
                        while (true)
                        {
                            writer.Write(chunk);
                            await writer.DrainAsync();
                        }
                    }
                    catch (Exception e)
                    {
                        failure.SetResult(e);
                    }
                },
                "127.0.0.1",
                0);
            (AioStreamReader clientReader, AioStreamWriter client) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            await clientReader.ReadExactlyAsync(1000);
            Reset(client);
            var error = Assert.IsType<SocketException>(await failure);
            Assert.True(error.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown, error.SocketErrorCode.ToString());
            await AssertStillServes(PortOf(server));
            server.Close();
        });
    }

    [Fact]
    public void PeerStopsReading_WriterBlocksInDrain_WithBoundedBuffer()
    {
        VirtualTime.Run(async () =>
        {
            var blocked = Asyncio.GetRunningLoop().CreateFuture<(int Written, int Buffered)>();
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    byte[] chunk = new byte[16 * 1024];
                    int written = 0;
                    int maxBuffered = 0;
                    try
                    {
                        await Asyncio.WaitFor(
                            Loop(),
                            timeout: 60);
                    }
                    catch (TimeoutException)
                    {
                        blocked.SetResult((written, maxBuffered));
                    }

                    writer.Transport.Abort();

                    async Coroutine Loop()
                    {
                        while (true)
                        {
                            writer.Write(chunk);
                            written += chunk.Length;
                            maxBuffered = Math.Max(maxBuffered, writer.Transport.GetWriteBufferSize());
                            await writer.DrainAsync();
                        }
                    }
                },
                "127.0.0.1",
                0);
            (_, AioStreamWriter client) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            (int written, int buffered) = await blocked;

            // The kernel's socket buffers take a few MiB; after that the writer waits in DrainAsync,
            // and Aio's own buffer never holds more than the high-water mark plus one write.
            Assert.True(written < 64 * 1024 * 1024, $"wrote {written} bytes to a peer that reads nothing");
            Assert.True(buffered <= (64 * 1024) + (16 * 1024), $"buffered {buffered} bytes");
            client.Close();
            server.Close();
        });
    }

    [Fact]
    public void HalfClose_ServerReadsToEof_ThenStillWritesItsReply()
    {
        string reply = VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    byte[] all = await reader.ReadAsync();
                    writer.Write(System.Text.Encoding.ASCII.GetBytes($"got {all.Length} bytes"));
                    writer.Close();
                },
                "127.0.0.1",
                0);
            (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            writer.Write(new byte[300_000]);
            writer.WriteEof();
            byte[] answer = await reader.ReadAsync();
            Assert.True(reader.AtEof());
            writer.Close();
            server.Close();
            return System.Text.Encoding.ASCII.GetString(answer);
        });
        Assert.Equal("got 300000 bytes", reply);
    }

    [Fact]
    public void ConnectRefused_RaisesToTheCaller_AndLoopCarriesOn()
    {
        VirtualTime.Run(async () =>
        {
            var e = await Assert.ThrowsAsync<SocketException>(async () => await Asyncio.OpenConnection("127.0.0.1", Loops.UnusedPort()));
            Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
            AioServer server = await Asyncio.StartServer(EchoLines, "127.0.0.1", 0);
            await AssertStillServes(PortOf(server));
            server.Close();
        });
    }

    [Fact]
    public void LineLongerThanLimit_RaisesForThatLine_ThenTheNextLineReads()
    {
        var seen = new List<string>();
        VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    // The long line arrives in pieces: each piece past the limit is dropped with an error
                    // (asyncio's ValueError), and reading carries on with the line after it.
                    while (seen.LastOrDefault() != "after\n")
                    {
                        try
                        {
                            seen.Add(System.Text.Encoding.ASCII.GetString(await reader.ReadLineAsync()));
                        }
                        catch (InvalidDataException)
                        {
                            seen.Add("limit error");
                        }
                    }

                    writer.Close();
                },
                "127.0.0.1",
                0,
                limit: 1024);
            (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            writer.Write("first\n"u8);
            writer.Write(System.Text.Encoding.ASCII.GetBytes(new string('x', 200_000) + "\n"));
            writer.Write("after\n"u8);
            await writer.DrainAsync();
            await reader.ReadAsync();
            writer.Close();
            server.Close();
        });
        Assert.Equal("first\n", seen[0]);
        Assert.Equal("after\n", seen[^1]);
        Assert.True(seen.Count >= 3);
        Assert.All(seen.Skip(1).SkipLast(1), s => Assert.Equal("limit error", s));
    }

    [Fact]
    public void TwoThousandConcurrentConnections_EveryByteVerified()
    {
        const int Connections = 2000;
        const int Size = 4096;
        int verified = VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    byte[] data = await reader.ReadExactlyAsync(Size);
                    writer.Write(data);
                    await writer.DrainAsync();
                    writer.Close();
                },
                "127.0.0.1",
                0,
                backlog: 4096);
            int port = PortOf(server);
            int ok = 0;
            var clients = new List<Coroutine>();
            for (int i = 0; i < Connections; i++)
            {
                clients.Add(Client(i));
            }

            await Asyncio.Gather(clients.ToArray());
            server.Close();
            await server.WaitClosedAsync();
            return ok;

            async Coroutine Client(int id)
            {
                byte[] payload = new byte[Size];
                new Random(id).NextBytes(payload);
                (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", port);
                writer.Write(payload);
                await writer.DrainAsync();
                byte[] echoed = await reader.ReadExactlyAsync(Size);
                Assert.Empty(await reader.ReadAsync());
                writer.Close();
                await writer.WaitClosedAsync();
                Assert.Equal(payload, echoed);
                ok++;
            }
        });
        Assert.Equal(Connections, verified);
    }

    [Fact]
    public void HandlerThrows_ItIsReported_ItsConnectionCloses_AndServerCarriesOn()
    {
        ExceptionContext context = Assert.Single(ContextsWhenTheFirstHandlerEndsWith(new InvalidOperationException("handler bug")));
        Assert.Equal("Unhandled exception in client_connected_cb", context.Message);
        Assert.Equal("handler bug", context.Exception!.Message);
    }

    /// <summary>
    /// The first connection's handler reads a line and throws <paramref name="error"/>: its client sees the
    /// end of the stream and the server still serves the next one. Returns what the exception handler got.
    /// </summary>
    private static List<ExceptionContext> ContextsWhenTheFirstHandlerEndsWith(Exception error)
    {
        var contexts = new List<ExceptionContext>();
        VirtualTime.Run(async () =>
        {
            Asyncio.GetRunningLoop().SetExceptionHandler((_, c) => contexts.Add(c));
            bool first = true;
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    if (!first)
                    {
                        await EchoLines(reader, writer);
                        return;
                    }

                    first = false;
                    await reader.ReadLineAsync();
                    throw error;
                },
                "127.0.0.1",
                0);
            (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            writer.Write("line\n"u8);
            Assert.Empty(await reader.ReadAsync());
            writer.Close();
            await AssertStillServes(PortOf(server));
            server.Close();
        });
        return contexts;
    }
}
