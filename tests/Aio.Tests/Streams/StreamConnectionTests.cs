using Aio.Python;
using System.Net;
using System.Net.Sockets;
using Aio.Tests.Support;

namespace Aio.Tests.Streams;

public class StreamConnectionTests
{
    private static string R(byte[] data) => PyFormat.Bytes(data);

    private static byte[] B(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    private static int PortOf(AioServer server) => ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

    [Fact]
    public void OpenConnection_StartServer_EchoHalfCloseAndClose_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartServer(Handle, "127.0.0.1", 0);
            int port = PortOf(server);
            trace.Add($"serving: {PyFormat.Repr(server.IsServing)}");
            await using (server)
            {
                (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", port);
                trace.Add($"peername port matches: {PyFormat.Repr(((IPEndPoint)writer.GetExtraInfo("peername")!).Port == port)}");
                writer.Write(B("hello\n"));
                writer.WriteLines([B("wor"), B("ld\n")]);
                await writer.DrainAsync();
                trace.Add($"got {R(await reader.ReadLineAsync())}");
                trace.Add($"got {R(await reader.ReadExactlyAsync(6))}");
                trace.Add($"can_write_eof {PyFormat.Repr(writer.CanWriteEof())}");
                writer.WriteEof();
                trace.Add($"after write_eof: {R(await reader.ReadLineAsync())}");
                trace.Add($"then: {R(await reader.ReadAsync())} at_eof={PyFormat.Repr(reader.AtEof())}");
                writer.Close();
                trace.Add($"is_closing {PyFormat.Repr(writer.IsClosing)}");
                await writer.WaitClosedAsync();
                trace.Add("client closed");
            }

            trace.Add($"after async with: serving={PyFormat.Repr(server.IsServing)} sockets={server.Sockets.Count}");
            try
            {
                await Asyncio.OpenConnection("127.0.0.1", port);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                trace.Add("connect after close: refused");
            }
        });
        Twin.AssertSame("stream_connection", trace);

        async Coroutine Handle(AioStreamReader reader, AioStreamWriter writer)
        {
            while ((await reader.ReadLineAsync()) is { Length: > 0 } line)
            {
                writer.Write(B(System.Text.Encoding.ASCII.GetString(line).ToUpperInvariant()));
                await writer.DrainAsync();
            }

            trace.Add($"server saw eof: at_eof={PyFormat.Repr(reader.AtEof())}");
            writer.Write(B("BYE\n"));
            await writer.DrainAsync();
            writer.Close();
            await writer.WaitClosedAsync();
        }
    }

    [Fact]
    public void UnixSockets_ServerAndClient_Echo_AndSocketFileIsRemovedOnClose()
    {
        string path = Path.Combine(Path.GetTempPath(), $"aio-test-{Guid.NewGuid():N}.sock");
        string echoed = VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartUnixServer(
                async (reader, writer) =>
                {
                    writer.Write(await reader.ReadLineAsync());
                    writer.Close();
                },
                path);
            await using (server)
            {
                Assert.True(File.Exists(path));
                (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenUnixConnection(path);
                writer.Write(B("over unix\n"));
                byte[] line = await reader.ReadLineAsync();
                writer.Close();
                await writer.WaitClosedAsync();
                return System.Text.Encoding.ASCII.GetString(line);
            }
        });
        Assert.Equal("over unix\n", echoed);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void ServeForever_Cancelled_ClosesServer_AndWaitsForIt()
    {
        VirtualTime.Run(async () =>
        {
            AioServer server = await Asyncio.StartServer(async (r, w) => { await r.ReadAsync(); w.Close(); }, "127.0.0.1", 0);
            AioTask serving = Asyncio.CreateTask(server.ServeForeverAsync());
            await Asyncio.Sleep(1);
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await server.ServeForeverAsync());
            serving.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await serving);
            Assert.False(server.IsServing);
            Assert.Empty(server.Sockets);
            await server.WaitClosedAsync();
        });
    }

    [Fact]
    public void WaitClosed_WaitsForAcceptedConnections_AsPython312()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            var release = Asyncio.GetRunningLoop().CreateFuture<bool>();
            AioServer server = await Asyncio.StartServer(
                async (r, w) =>
                {
                    await release;
                    w.Close();
                    trace.Add("handler closed its connection");
                },
                "127.0.0.1",
                0);
            (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", PortOf(server));
            await Asyncio.Sleep(0.1);
            server.Close();
            Asyncio.GetRunningLoop().CallLater(5, () => release.SetResult(true));
            await server.WaitClosedAsync();
            trace.Add($"wait_closed returned at {Asyncio.GetRunningLoop().Time():F0}");
            writer.Close();
        });
        Assert.Equal(["handler closed its connection", "wait_closed returned at 5"], trace);
    }

    [Fact]
    public void StartServer_PortInUse_ThrowsSocketException_NamingTheAddress()
    {
        VirtualTime.Run(async () =>
        {
            await using AioServer first = await Asyncio.StartServer(async (r, w) => await r.ReadAsync(), "127.0.0.1", 0);
            var e = await Assert.ThrowsAsync<SocketException>(async () => await Asyncio.StartServer(async (r, w) => await r.ReadAsync(), "127.0.0.1", PortOf(first)));
            Assert.Equal(SocketError.AddressAlreadyInUse, e.SocketErrorCode);
            Assert.Contains("error while attempting to bind on address 127.0.0.1:", e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void OpenConnection_InvalidArguments_ThrowArgumentExceptions()
    {
        VirtualTime.Run(async () =>
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Asyncio.OpenConnection("127.0.0.1", 70000));
            await Assert.ThrowsAsync<ArgumentException>(async () => await Asyncio.OpenConnection(string.Empty, 80));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Asyncio.OpenConnection("127.0.0.1", 80, limit: 0));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Asyncio.StartServer(async (r, w) => await r.ReadAsync(), "127.0.0.1", 0, limit: -1));
        });
    }
}
