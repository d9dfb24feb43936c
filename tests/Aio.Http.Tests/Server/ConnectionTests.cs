using System.Text;
using Aio.Http.Server;
using Aio.Http.Tests.Support;

namespace Aio.Http.Tests.Server;

public sealed class ConnectionTests
{
#pragma warning disable CS1998
    [Fact]
    public void KeepAlive_ServesManyRequestsOnOneConnection()
    {
        int connections = 0;
        var app = Handlers.Echo();
        app.Router.AddGet("/count", async r => new Response(r.App.State.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            for (int i = 0; i < 20; i++)
            {
                client.Send($"POST /length HTTP/1.1\r\nHost: x\r\nContent-Length: {i}\r\n\r\n{new string('a', i)}");
                Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), (await client.ReadResponseAsync())!.Text);
            }

            connections = server.Runner.ConnectionCount;
        });
        Assert.Equal(1, connections);
    }

    [Fact]
    public void Pipelining_AnswersInOrder_FromOneWrite()
    {
        ServerBasicsTests.Serve(Handlers.Echo(), async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            var batch = new StringBuilder();
            for (int i = 0; i < 50; i++)
            {
                batch.Append($"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: {i.ToString(System.Globalization.CultureInfo.InvariantCulture).Length}\r\n\r\n{i}");
                batch.Append("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            }

            client.Send(batch.ToString());
            for (int i = 0; i < 50; i++)
            {
                Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), (await client.ReadResponseAsync("POST"))!.Text);
                Assert.Equal("Hello, World!", (await client.ReadResponseAsync())!.Text);
            }
        });
    }

    [Fact]
    public void ConnectionClose_IsHonoured()
    {
        ServerBasicsTests.Serve(Handlers.Echo(), async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse response = (await client.ReadResponseAsync())!;
            Assert.Equal("close", response["connection"]);
            Assert.True(await client.IsClosedAsync());
            Assert.Empty(client.Pending);
        });
    }

    [Fact]
    public void Http10KeepAlive_IsAnsweredWithKeepAlive()
    {
        ServerBasicsTests.Serve(Handlers.Echo(), async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /plaintext HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawResponse response = (await client.ReadResponseAsync())!;
            Assert.Equal(HttpProtocolVersion.Http10, response.Head.Version);
            Assert.Equal("keep-alive", response["connection"]);
            client.Send("GET /plaintext HTTP/1.0\r\n\r\n");
            Assert.Equal("Hello, World!", (await client.ReadResponseAsync())!.Text);
            Assert.True(await client.IsClosedAsync());
        });
    }

    [Fact]
    public void SlowLoris_IsCutByTheHeaderTimeout_OnTheVirtualClock()
    {
        var options = new HttpServerOptions { HeaderReadTimeout = TimeSpan.FromSeconds(10) };
        ServerBasicsTests.Serve(Handlers.Echo(), async server =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            double start = loop.Time();
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /plaintext HTTP/1.1\r\n");
            bool cut = false;
            for (int i = 0; i < 100 && !cut; i++)
            {
                await Asyncio.Sleep(1);
                try
                {
                    client.Send("X-Slow: a\r\n");
                }
                catch (Exception e) when (e is IOException or InvalidOperationException)
                {
                    cut = true;
                }

                cut |= loop.Time() - start > 10.5;
            }

            RawResponse? response = await client.ReadResponseAsync();
            Assert.Equal(408, response!.Status);
            Assert.True(await client.IsClosedAsync());
            Assert.InRange(loop.Time() - start, 10, 12);
        }, options);
    }

    [Fact]
    public void SilentConnection_IsClosedByTheHeaderTimeout_WithoutAResponse()
    {
        var options = new HttpServerOptions { HeaderReadTimeout = TimeSpan.FromSeconds(5) };
        ServerBasicsTests.Serve(Handlers.Echo(), async server =>
        {
            double start = Asyncio.GetRunningLoop().Time();
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            Assert.True(await client.IsClosedAsync());
            Assert.Empty(client.Pending);
            Assert.Equal(5, Asyncio.GetRunningLoop().Time() - start, 1);
        }, options);
    }

    [Fact]
    public void StalledBody_Gets408AfterTheBodyReadTimeout()
    {
        var options = new HttpServerOptions { BodyReadTimeout = TimeSpan.FromSeconds(20) };
        ServerBasicsTests.Serve(Handlers.Echo(), async server =>
        {
            double start = Asyncio.GetRunningLoop().Time();
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("POST /length HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly a few bytes");
            RawResponse response = (await client.ReadResponseAsync("POST"))!;
            Assert.Equal(408, response.Status);
            Assert.Equal("close", response["connection"]);
            Assert.Equal(20, Asyncio.GetRunningLoop().Time() - start, 1);
        }, options);
    }

    [Fact]
    public void IdleKeepAlive_IsClosedAfterTheKeepAliveTimeout()
    {
        var options = new HttpServerOptions { KeepAliveTimeout = TimeSpan.FromSeconds(75) };
        ServerBasicsTests.Serve(Handlers.Echo(), async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(200, (await client.ReadResponseAsync())!.Status);
            double start = Asyncio.GetRunningLoop().Time();
            Assert.True(await client.IsClosedAsync());
            Assert.Equal(75, Asyncio.GetRunningLoop().Time() - start, 1);
        }, options);
    }

    [Fact]
    public void GracefulShutdown_LetsInFlightRequestsFinish_AndClosesIdleOnes()
    {
        var app = new Application();
        app.Router.AddGet("/slow", async _ =>
        {
            await Asyncio.Sleep(5);
            return new Response("finished");
        });
        VirtualTime.Run(async () =>
        {
            Testing.TestServer server = await Testing.TestServer.StartAsync(app);
            using RawHttpClient busy = await RawHttpClient.ConnectAsync(server.Port);
            using RawHttpClient idle = await RawHttpClient.ConnectAsync(server.Port);
            busy.Send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            await Asyncio.Sleep(1);
            AioTask closing = Asyncio.CreateTask(server.CloseAsync());
            RawResponse response = (await busy.ReadResponseAsync())!;
            Assert.Equal("finished", response.Text);
            Assert.Equal("close", response["connection"]);
            Assert.True(await idle.IsClosedAsync());
            await closing;
            Assert.Equal(0, server.Runner.ConnectionCount);
        });
    }

    [Fact]
    public void GracefulShutdown_AbortsRequestsPastTheDeadline()
    {
        var app = new Application();
        app.Router.AddGet("/forever", async _ =>
        {
            await Asyncio.Sleep(3600);
            return new Response("late");
        });
        VirtualTime.Run(async () =>
        {
            Testing.TestServer server = await Testing.TestServer.StartAsync(app, new HttpServerOptions { ShutdownTimeout = TimeSpan.FromSeconds(2) });
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n");
            await Asyncio.Sleep(0.1);
            double start = Asyncio.GetRunningLoop().Time();
            await server.CloseAsync();
            Assert.Equal(2, Asyncio.GetRunningLoop().Time() - start, 1);
            Assert.True(await client.IsClosedAsync());
        });
    }

    [Fact]
    public void LifecycleSignals_RunInAiohttpOrder()
    {
        var log = new List<string>();
        var app = new Application();
        app.OnStartup.Add(async _ => log.Add("startup"));
        app.CleanupContexts.Add(async _ =>
        {
            log.Add("ctx-setup");
            return async () => log.Add("ctx-teardown");
        });
        app.OnShutdown.Add(async _ => log.Add("shutdown"));
        app.OnCleanup.Add(async _ => log.Add("cleanup"));
        ServerBasicsTests.Serve(app, async _ => log.Add("serving"));
        Assert.Equal(["startup", "ctx-setup", "serving", "shutdown", "ctx-teardown", "cleanup"], log);
    }

    [Fact]
    public void UpgradeHook_HandsTheTransportToANewProtocol()
    {
        var app = new Application();
        app.Router.AddGet("/upgrade", async r =>
        {
            var response = new StreamResponse(101);
            response.Headers.Set("Upgrade", "echo");
            response.Headers.Set("Connection", "Upgrade");
            await response.PrepareAsync(r);
            var echo = new UpperEcho();
            UpgradedConnection taken = r.DetachConnection(echo);
            echo.Start(taken);
            return response;
        });
        ServerBasicsTests.Serve(app, async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /upgrade HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nearly");
            RawResponse? head = await client.ReadResponseAsync();
            Assert.Equal(101, head!.Status);
            client.Send("late!");
            Assert.True(await client.IsClosedAsync());
            Assert.Equal("EARLYLATE!", Encoding.ASCII.GetString(client.Pending));
        });
    }

    private sealed class UpperEcho : Aio.Protocol
    {
        private Transport? _transport;

        public void Start(UpgradedConnection taken)
        {
            _transport = taken.Transport;
            DataReceived(taken.Buffered.Span);
        }

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            _transport!.Write(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(data).ToUpperInvariant()));
            if (data.Contains((byte)'!'))
            {
                _transport.Close();
            }
        }
    }
#pragma warning restore CS1998
}
