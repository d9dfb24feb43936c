namespace Aio.Tests.Queues;

/// <summary>
/// One behaviour each of the <c>Twins/queue_semantics</c> transcript (the twin itself is
/// <see cref="QueueTests.Queue_ProducerConsumerJoin_Errors_PriorityAndLifo_AsCPython"/>), so that a
/// failure names what broke.
/// </summary>
public class QueueBehaviourTests
{
    [Fact]
    public void BoundedQueue_PutWaitsWhileFull_AndGoesOnWhenAnItemIsTaken() => VirtualTime.Run(async () =>
    {
        var q = new AioQueue<int>(maxSize: 2);
        await q.PutAsync(0);
        await q.PutAsync(1);
        Assert.True(q.Full);
        AioTask put = Asyncio.CreateTask(q.PutAsync(2).AsCoroutine());
        await Asyncio.Sleep(0);
        Assert.False(put.IsDone);

        Assert.Equal(0, await q.GetAsync());
        await put;
        Assert.Equal(2, q.QSize);
    });

    [Fact]
    public void WaitingGetters_AreServedInTheOrderTheyWaited() => VirtualTime.Run(async () =>
    {
        var q = new AioQueue<int>();
        var got = new List<string>();
        AioTask[] getters = [Asyncio.CreateTask(Get("c1")), Asyncio.CreateTask(Get("c2"))];
        await Asyncio.Sleep(0);
        await q.PutAsync(0);
        await q.PutAsync(1);
        await Asyncio.Gather(getters);
        Assert.Equal(["c1 got 0", "c2 got 1"], got);

        async Coroutine Get(string name) => got.Add($"{name} got {await q.GetAsync()}");
    });

    [Fact]
    public void Join_WaitsUntilEveryItemIsMarkedDone() => VirtualTime.Run(async () =>
    {
        var q = new AioQueue<int>();
        await q.PutAsync(1);
        await q.PutAsync(2);
        AioTask join = Asyncio.CreateTask(q.JoinAsync().AsCoroutine());
        Assert.Equal(1, await q.GetAsync());
        Assert.Equal(2, await q.GetAsync());
        q.TaskDone();
        await Asyncio.Sleep(0);
        Assert.True(q.Empty);
        Assert.False(join.IsDone); // empty is not enough: one item is not done yet

        q.TaskDone();
        await join;
    });

    [Fact]
    public void TaskDone_MoreTimesThanItemsPut_Raises()
    {
        var q = new AioQueue<string>(1);
        Assert.True(q.TryPut("x"));
        q.TaskDone();
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(q.TaskDone);
        Assert.Equal("TaskDone() called more times than there were items put in the queue", e.Message);
    }

    [Fact]
    public void PriorityQueue_GivesTheSmallestItemFirst()
    {
        var pq = new AioPriorityQueue<(int, string)>();
        foreach (var item in new[] { (3, "c"), (1, "a"), (2, "b") })
        {
            Assert.True(pq.TryPut(item));
        }

        Assert.Equal([(1, "a"), (2, "b"), (3, "c")], Drain(pq));
    }

    [Fact]
    public void LifoQueue_GivesTheNewestItemFirst()
    {
        var lq = new AioLifoQueue<string>();
        foreach (string item in new[] { "a", "b", "c" })
        {
            Assert.True(lq.TryPut(item));
        }

        Assert.Equal(["c", "b", "a"], Drain(lq));
    }

    private static List<T> Drain<T>(AioQueue<T> q)
    {
        var items = new List<T>();
        while (q.TryGet(out T item))
        {
            items.Add(item);
        }

        return items;
    }
}
