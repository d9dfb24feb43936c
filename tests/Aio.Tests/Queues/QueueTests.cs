using Aio.Python;
using Aio.Tests.Support;

namespace Aio.Tests.Queues;

public class QueueTests
{
    [Fact]
    public void Queue_ProducerConsumerJoin_Errors_PriorityAndLifo_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(Main());
        Twin.AssertSame("queue_semantics", trace);

        async Coroutine Producer(AioQueue<int> q, int n)
        {
            for (int i = 0; i < n; i++)
            {
                await q.PutAsync(i);
                trace.Add($"put {i} qsize={q.QSize}");
            }
        }

        async Coroutine Consumer(AioQueue<int> q, string name)
        {
            while (true)
            {
                int item = await q.GetAsync();
                trace.Add($"{name} got {item}");
                await Asyncio.Sleep(1);
                q.TaskDone();
            }
        }

        async Coroutine Main()
        {
            var q = new AioQueue<int>(maxSize: 2);
            AioTask[] consumers = [Asyncio.CreateTask(Consumer(q, "c1")), Asyncio.CreateTask(Consumer(q, "c2"))];
            await Producer(q, 5);
            trace.Add($"produced, full={q.Full} empty={q.Empty}");
            await q.JoinAsync();
            trace.Add($"joined, empty={q.Empty}");
            foreach (AioTask c in consumers)
            {
                c.Cancel();
            }

            var q2 = new AioQueue<string>(1);
            if (!q2.TryGet(out _))
            {
                trace.Add("QueueEmpty"); // asyncio's get_nowait() raises QueueEmpty here
            }

            Assert.True(q2.TryPut("x"));
            if (!q2.TryPut("y"))
            {
                trace.Add("QueueFull"); // asyncio's put_nowait() raises QueueFull here
            }

            try
            {
                q2.TaskDone();
                q2.TaskDone();
            }
            catch (InvalidOperationException e)
            {
                // Same error as CPython's ValueError, worded with Aio's names.
                Assert.Equal("TaskDone() called more times than there were items put in the queue", e.Message);
                trace.Add("ValueError task_done() called too many times");
            }

            var pq = new AioPriorityQueue<(int, string)>();
            foreach (var item in new[] { (3, "c"), (1, "a"), (2, "b") })
            {
                Assert.True(pq.TryPut(item));
            }

            trace.Add(PyFormat.Str(Enumerable.Range(0, 3).Select(_ => pq.TryGet(out var item) ? item : default).ToList()));
            var lq = new AioLifoQueue<string>();
            foreach (char c in "abc")
            {
                Assert.True(lq.TryPut(c.ToString()));
            }

            trace.Add(PyFormat.Str(Enumerable.Range(0, 3).Select(_ => lq.TryGet(out var item) ? item : null).ToList()));
        }
    }

    [Fact]
    public void Shutdown_WakesBlockedCallers_GetsDrainThenRaise_PutsRaise()
    {
        VirtualTime.Run(async () =>
        {
            var q = new AioQueue<int>(1);
            await q.PutAsync(1);
            AioTask blockedPut = Asyncio.CreateTask(async () => await q.PutAsync(2));
            await Asyncio.Sleep(0);
            q.Shutdown();
            await Assert.ThrowsAsync<QueueShutDown>(async () => await blockedPut);
            Assert.Equal(1, await q.GetAsync());
            await Assert.ThrowsAsync<QueueShutDown>(async () => await q.GetAsync());
            Assert.Throws<QueueShutDown>(() => q.TryPut(3));
            Assert.False(q.TryGet(out _)); // asyncio's get_nowait() raises QueueShutDown; TryGet drains quietly

            var q2 = new AioQueue<int>();
            AioTask<int> blockedGet = Asyncio.CreateTask(async () => await q2.GetAsync());
            await Asyncio.Sleep(0);
            q2.Shutdown();
            await Assert.ThrowsAsync<QueueShutDown>(async () => await blockedGet);
        });
    }

    [Fact]
    public void ShutdownImmediate_DropsItems_AndReleasesJoin()
    {
        VirtualTime.Run(async () =>
        {
            var q = new AioQueue<int>();
            Assert.True(q.TryPut(1));
            Assert.True(q.TryPut(2));
            AioTask joiner = Asyncio.CreateTask(q.JoinAsync());
            await Asyncio.Sleep(0);
            q.Shutdown(immediate: true);
            await joiner;
            Assert.True(q.Empty);
            Assert.Equal(0, q.UnfinishedTasks);
            await Assert.ThrowsAsync<QueueShutDown>(async () => await q.GetAsync());
        });
    }

    [Fact]
    public void AwaitForeach_YieldsItemsUntilShutdown()
    {
        var seen = new List<int>();
        VirtualTime.Run(async () =>
        {
            var q = new AioQueue<int>();
            AioTask consumer = Asyncio.CreateTask(async () =>
            {
                await foreach (int item in q)
                {
                    seen.Add(item);
                }
            });
            for (int i = 0; i < 3; i++)
            {
                await q.PutAsync(i);
                await Asyncio.Sleep(1);
            }

            q.Shutdown();
            await consumer;
        });
        Assert.Equal([0, 1, 2], seen);
    }

    [Fact]
    public void TryPut_TryGet_ReportInsteadOfThrowing()
    {
        VirtualTime.Run(async () =>
        {
            var q = new AioQueue<string>(1);
            Assert.False(q.TryGet(out _));
            Assert.True(q.TryPut("a"));
            Assert.False(q.TryPut("b"));
            Assert.Equal("<AioQueue maxsize=1 _queue=['a'] tasks=1>", q.ToString());
            Assert.True(q.TryGet(out string? item));
            Assert.Equal("a", item);
            await Asyncio.Sleep(0);
        });
    }

    [Fact]
    public void StolenWakeUp_GetterWaitsAgain_QueuedBeforeANewcomer_AsCPython()
    {
        var output = new List<string>();
        var order = new List<string>();
        VirtualTime.Run(async () =>
        {
            var q = new AioQueue<string>();
            AioTask g1 = Asyncio.CreateTask(Getter(q, "g1"));
            await Asyncio.Sleep(0);
            Assert.True(q.TryPut("first"));
            output.Add(q.TryGet(out string? first) ? first : "none"); // takes the item g1 was woken for
            AioTask g2 = Asyncio.CreateTask(Getter(q, "g2"));
            await Asyncio.Sleep(0);
            await Asyncio.Sleep(0);
            Assert.True(q.TryPut("second"));
            Assert.True(q.TryPut("third"));
            await Asyncio.Gather(g1, g2);
            output.Add(PyFormat.Str(order));
        });
        Twin.AssertSame("queue_stolen_wakeup", output);

        async Coroutine Getter(AioQueue<string> q, string name) => order.Add($"{name}:{await q.GetAsync()}");
    }
}
