using Aio.Http.Client;

namespace Aio.Http.Tests.Client;

/// <summary>The connection pool, measured at the server: reuse, limits, cancellation, stale connections.</summary>
public sealed class PoolTests(KestrelHost kestrel) : IClassFixture<KestrelHost>
{
    [Fact]
    public void SequentialRequestsReuseOneConnection() => Asyncio.Run(Sequential());

    private async Coroutine Sequential()
    {
        await using var session = new ClientSession();
        for (int i = 0; i < 50; i++)
        {
            await using ClientResponse r = await session.GetAsync(kestrel.Url($"/text?tag=seq{i}"));
            Assert.Equal("Hello, World!", await r.TextAsync());
        }

        Assert.Single(Enumerable.Range(0, 50).Select(i => kestrel.ConnectionOf[$"seq{i}"]).Distinct());
        Assert.Equal(1, session.Connector.ConnectionsMade);
        Assert.Equal(1, session.Connector.IdleConnections);
    }

    [Fact]
    public void RedirectHopsReuseTheConnection() => Asyncio.Run(RedirectReuse());

    private async Coroutine RedirectReuse()
    {
        await using var session = new ClientSession();
        await using ClientResponse r = await session.GetAsync(kestrel.Url("/redirect/4"));
        Assert.Equal("Hello, World!", await r.TextAsync());
        Assert.Equal(4, r.History.Count);
        Assert.Equal(1, session.Connector.ConnectionsMade);
    }

    [Fact]
    public void AnUnreadBodyClosesItsConnectionInsteadOfReusingIt() => Asyncio.Run(Unread());

    private async Coroutine Unread()
    {
        await using var session = new ClientSession();
        await using (ClientResponse r = await session.GetAsync(kestrel.Url("/big?tag=unread1")))
        {
            Assert.NotEmpty(await r.Content.ReadAsync(100));
        }

        Assert.Equal(0, session.Connector.OpenConnections);
        await using ClientResponse next = await session.GetAsync(kestrel.Url("/text?tag=unread2"));
        Assert.Equal("Hello, World!", await next.TextAsync());
        Assert.NotEqual(kestrel.ConnectionOf["unread1"], kestrel.ConnectionOf["unread2"]);
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(100, 7)]
    public void LimitsHoldUnder200ConcurrentRequests(int limit, int perHost) => Asyncio.Run(Concurrent(limit, perHost));

    private async Coroutine Concurrent(int limit, int perHost)
    {
        await using var session = new ClientSession(connector: new TcpConnector(limit: limit, limitPerHost: perHost));
        int cap = perHost == 0 ? limit : Math.Min(limit, perHost);
        int before = kestrel.Connections;
        int peak = 0;
        var tasks = Enumerable.Range(0, 200).Select(i => Asyncio.CreateTask(One(i))).ToArray();
        string[] bodies = await Asyncio.Gather(tasks);
        Assert.All(bodies, b => Assert.Equal("Hello, World!", b));
        Assert.InRange(peak, 1, cap);
        Assert.InRange(kestrel.Connections - before, 1, cap);
        Assert.InRange(session.Connector.OpenConnections, 1, cap);

        async Coroutine<string> One(int i)
        {
            await using ClientResponse r = await session.GetAsync(kestrel.Url($"/text?tag=c{limit}-{i}"));
            peak = Math.Max(peak, session.Connector.OpenConnections);
            return await r.TextAsync();
        }
    }

    [Fact]
    public void ACancelledRequestFreesItsSlotAndItsConnectionIsNotReused() => Asyncio.Run(Cancelled());

    private async Coroutine Cancelled()
    {
        await using var session = new ClientSession(connector: new TcpConnector(limit: 1));
        AioTask<ClientResponse> slow = Asyncio.CreateTask(session.GetAsync(kestrel.Url("/slow?tag=cancel1")));
        while (!kestrel.ConnectionOf.ContainsKey("cancel1"))
        {
            await Asyncio.Sleep(0.01);
        }

        // A second request waits for the only slot; cancelling the first hands it over.
        AioTask<ClientResponse> waiting = Asyncio.CreateTask(session.GetAsync(kestrel.Url("/text?tag=cancel2")));
        await Asyncio.Sleep(0.05);
        Assert.False(waiting.IsDone);
        slow.Cancel();
        await Assert.ThrowsAsync<CancelledError>(async () => await slow);
        await using ClientResponse r = await waiting;
        Assert.Equal("Hello, World!", await r.TextAsync());
        Assert.NotEqual(kestrel.ConnectionOf["cancel1"], kestrel.ConnectionOf["cancel2"]);
        Assert.Equal(1, session.Connector.OpenConnections);
    }

    [Fact]
    public void CancellingAWaiterLeavesTheQueueIntact() => Asyncio.Run(CancelWaiter());

    private async Coroutine CancelWaiter()
    {
        await using var session = new ClientSession(connector: new TcpConnector(limit: 1));
        AioTask<ClientResponse> first = Asyncio.CreateTask(session.GetAsync(kestrel.Url("/text")));
        AioTask<ClientResponse> second = Asyncio.CreateTask(session.GetAsync(kestrel.Url("/text")));
        AioTask<ClientResponse> third = Asyncio.CreateTask(session.GetAsync(kestrel.Url("/text")));
        await Asyncio.Sleep(0);
        second.Cancel();
        await using (ClientResponse r1 = await first)
        {
            Assert.Equal("Hello, World!", await r1.TextAsync());
        }

        await using ClientResponse r3 = await third;
        Assert.Equal("Hello, World!", await r3.TextAsync());
        Assert.True(second.IsCancelled);
        Assert.Equal(1, session.Connector.ConnectionsMade);
    }
}
