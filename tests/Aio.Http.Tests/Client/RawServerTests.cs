using System.Net;
using System.Text;
using Aio.Http.Client;

namespace Aio.Http.Tests.Client;

/// <summary>
/// The client against a scripted server on the same loop (canned response bytes, no HTTP server
/// logic): stale keep-alive connections, truncated bodies, and timeouts on the virtual clock.
/// </summary>
public sealed class RawServerTests
{
    private static readonly byte[] Ok = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok");

    /// <summary>Starts a server whose connections run <paramref name="script"/>; returns it and its port.</summary>
    private static async Coroutine<(AioServer Server, int Port)> Serve(Func<int, AioStreamReader, AioStreamWriter, Coroutine> script)
    {
        int n = 0;
        AioServer server = await Asyncio.StartServer((r, w) => script(n++, r, w), "127.0.0.1", 0);
        return (server, ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port);
    }

    private static async Coroutine<bool> ReadRequest(AioStreamReader reader)
    {
        try
        {
            byte[] head = await reader.ReadUntilAsync("\r\n\r\n"u8.ToArray());
            return head.Length > 0;
        }
        catch (IncompleteReadError)
        {
            return false;
        }
    }

    [Fact]
    public void AStaleIdleConnectionIsRetriedOnAFreshOneForIdempotentRequests() => VirtualTime.Run(Stale("GET", retried: true));

    [Fact]
    public void AStaleIdleConnectionIsNotRetriedForPost() => VirtualTime.Run(Stale("POST", retried: false));

    private static async Coroutine Stale(string method, bool retried)
    {
        // Connection 0 answers one request, then drops the next one unanswered (the server's
        // keep-alive timer fired as the request was in flight); later connections answer normally.
        var requestsSeen = new List<int>();
        (AioServer server, int port) = await Serve(async (conn, reader, writer) =>
        {
            while (await ReadRequest(reader))
            {
                requestsSeen.Add(conn);
                if (conn == 0 && requestsSeen.Count(c => c == 0) == 2)
                {
                    writer.Transport.Abort();
                    return;
                }

                writer.Write(Ok);
                await writer.DrainAsync();
            }

            writer.Close();
        });
        await using var session = new ClientSession();
        string url = $"http://127.0.0.1:{port}/";
        await using (ClientResponse first = await session.RequestAsync(method, url))
        {
            Assert.Equal("ok", await first.TextAsync());
        }

        if (retried)
        {
            await using ClientResponse second = await session.RequestAsync(method, url);
            Assert.Equal("ok", await second.TextAsync());
            Assert.Equal([0, 0, 1], requestsSeen);
            Assert.Equal(2, session.Connector.ConnectionsMade);
        }
        else
        {
            await Assert.ThrowsAsync<ServerDisconnectedError>(async () => await session.RequestAsync(method, url));
            Assert.Equal(0, session.Connector.OpenConnections);
        }

        server.Close();
        await server.WaitClosedAsync();
    }

    [Fact]
    public void AnIdleConnectionTheServerClosesLeavesThePool() => VirtualTime.Run(IdleClosed());

    private static async Coroutine IdleClosed()
    {
        (AioServer server, int port) = await Serve(async (conn, reader, writer) =>
        {
            await ReadRequest(reader);
            writer.Write(Ok);
            await writer.DrainAsync();
            writer.Close();
        });
        await using var session = new ClientSession();
        await using (ClientResponse r = await session.GetAsync($"http://127.0.0.1:{port}/"))
        {
            Assert.Equal("ok", await r.TextAsync());
        }

        await Asyncio.Sleep(0.1);
        Assert.Equal(0, session.Connector.OpenConnections);
        await using ClientResponse again = await session.GetAsync($"http://127.0.0.1:{port}/");
        Assert.Equal("ok", await again.TextAsync());
        server.Close();
    }

    [Fact]
    public void IdleConnectionsExpireAfterTheKeepAliveTimeout() => VirtualTime.Run(KeepAlive());

    private static async Coroutine KeepAlive()
    {
        (AioServer server, int port) = await Serve(async (conn, reader, writer) =>
        {
            while (await ReadRequest(reader))
            {
                writer.Write(Ok);
                await writer.DrainAsync();
            }

            writer.Close();
        });
        await using var session = new ClientSession(connector: new TcpConnector(keepAliveTimeout: 30));
        string url = $"http://127.0.0.1:{port}/";
        await (await session.GetAsync(url)).ReadAsync();
        await Asyncio.Sleep(29);
        Assert.Equal(1, session.Connector.IdleConnections);
        await Asyncio.Sleep(2);
        Assert.Equal(0, session.Connector.OpenConnections);
        server.Close();
    }

    [Fact]
    public void ATruncatedBodyIsAPayloadError() => VirtualTime.Run(Truncated());

    private static async Coroutine Truncated()
    {
        (AioServer server, int port) = await Serve(async (conn, reader, writer) =>
        {
            await ReadRequest(reader);
            writer.Write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello"u8);
            await writer.DrainAsync();
            writer.Close();
        });
        await using var session = new ClientSession();
        await using ClientResponse r = await session.GetAsync($"http://127.0.0.1:{port}/");
        await Assert.ThrowsAsync<ClientPayloadError>(async () => await r.ReadAsync());
        Assert.Equal(0, session.Connector.OpenConnections);
        server.Close();
    }

    [Fact]
    public void AMalformedResponseIsAPayloadError() => VirtualTime.Run(Malformed());

    private static async Coroutine Malformed()
    {
        (AioServer server, int port) = await Serve(async (conn, reader, writer) =>
        {
            await ReadRequest(reader);
            writer.Write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\nok"u8);
            await writer.DrainAsync();
        });
        await using var session = new ClientSession();
        await Assert.ThrowsAsync<ClientPayloadError>(async () => await session.GetAsync($"http://127.0.0.1:{port}/"));
        Assert.Equal(0, session.Connector.OpenConnections);
        server.Close();
    }

    [Fact]
    public void SockReadTimeoutFiresOnTheVirtualClock() => VirtualTime.Run(SockRead());

    private static async Coroutine SockRead()
    {
        (AioServer server, int port) = await Serve(async (conn, reader, writer) =>
        {
            await ReadRequest(reader);
            writer.Write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab"u8);
            await writer.DrainAsync();
            await Asyncio.Sleep(3600);
        });
        EventLoop loop = Asyncio.GetRunningLoop();
        await using var session = new ClientSession(timeout: new ClientTimeout(Total: null, SockRead: 5));
        double start = loop.Time();
        await using ClientResponse r = await session.GetAsync($"http://127.0.0.1:{port}/");
        Assert.Equal("ab", Encoding.ASCII.GetString(await r.Content.ReadAsync(2)));
        await Assert.ThrowsAsync<ClientTimeoutError>(async () => await r.ReadAsync());
        Assert.InRange(loop.Time() - start, 5, 5.5);
        Assert.Equal(0, session.Connector.OpenConnections);
        server.Close();
    }

    [Fact]
    public void TotalTimeoutCoversTheWholeRequest() => VirtualTime.Run(Total());

    private static async Coroutine Total()
    {
        (AioServer server, int port) = await Serve(async (conn, reader, writer) =>
        {
            await ReadRequest(reader);
            await Asyncio.Sleep(3600);
        });
        EventLoop loop = Asyncio.GetRunningLoop();
        await using var session = new ClientSession(timeout: new ClientTimeout(Total: 20));
        double start = loop.Time();
        ClientTimeoutError e = await Assert.ThrowsAsync<ClientTimeoutError>(async () => await session.GetAsync($"http://127.0.0.1:{port}/"));
        Assert.IsAssignableFrom<TimeoutException>(e);
        Assert.InRange(loop.Time() - start, 20, 20.5);
        Assert.Equal(0, session.Connector.OpenConnections);
        server.Close();
    }

    [Fact]
    public void ConnectTimeoutCoversTheWaitForASlot() => VirtualTime.Run(ConnectWait());

    private static async Coroutine ConnectWait()
    {
        (AioServer server, int port) = await Serve(async (conn, reader, writer) =>
        {
            await ReadRequest(reader);
            await Asyncio.Sleep(3600);
        });
        await using var session = new ClientSession(connector: new TcpConnector(limit: 1), timeout: new ClientTimeout(Total: null, Connect: 2));
        AioTask<ClientResponse> hog = Asyncio.CreateTask(session.GetAsync($"http://127.0.0.1:{port}/"));
        await Asyncio.Sleep(0.1);
        await Assert.ThrowsAsync<ClientTimeoutError>(async () => await session.GetAsync($"http://127.0.0.1:{port}/"));
        hog.Cancel();
        await Assert.ThrowsAsync<CancelledError>(async () => await hog);
        Assert.Equal(0, session.Connector.OpenConnections);
        server.Close();
    }

    [Fact]
    public void UnixConnectorSendsEveryRequestToTheSocket() => VirtualTime.Run(Unix());

    private static async Coroutine Unix()
    {
        string path = Path.Combine(Path.GetTempPath(), $"aio-http-{Guid.NewGuid():N}.sock");
        AioServer server = await Asyncio.StartUnixServer(
            async (reader, writer) =>
            {
                while (await ReadRequest(reader))
                {
                    writer.Write(Ok);
                    await writer.DrainAsync();
                }

                writer.Close();
            },
            path);
        try
        {
            await using var session = new ClientSession(connector: new UnixConnector(path));
            for (int i = 0; i < 3; i++)
            {
                await using ClientResponse r = await session.GetAsync("http://localhost/anything");
                Assert.Equal("ok", await r.TextAsync());
            }

            Assert.Equal(1, session.Connector.ConnectionsMade);
        }
        finally
        {
            server.Close();
            File.Delete(path);
        }
    }
}
