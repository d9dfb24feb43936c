using static Aio.Tests.Support.CancellationFuzz;

namespace Aio.Tests.Sync;

// One class per primitive so xunit runs them in parallel.

public class LockCancellationFuzzTests
{
    [Fact]
    public void Lock_UnderRandomCancellation_StaysExclusiveAndEndsFree() => Run(nameof(AioLock), Scenario);

    private static async Coroutine Scenario(Random random)
    {
        var lockObject = new AioLock();
        int holders = 0;
        bool stopping = false;
        AioTask[] workers = Enumerable.Range(0, 6).Select(_ => Asyncio.CreateTask(Worker())).ToArray();
        await Cancel(random, workers, 8);
        stopping = true;
        await Join(workers);
        Assert.Equal(0, holders);
        Assert.Equal("<AioLock [unlocked]>", lockObject.ToString());

        async Coroutine Worker()
        {
            for (int i = 0; i < 4; i++)
            {
                try
                {
                    await Pause(random);
                    using (await lockObject.AcquireAsync())
                    {
                        Assert.Equal(1, ++holders);
                        try
                        {
                            await Pause(random);
                        }
                        finally
                        {
                            holders--;
                        }
                    }
                }
                catch (CancelledError) when (!stopping && Survives(random))
                {
                }
            }
        }
    }
}

public class SemaphoreCancellationFuzzTests
{
    [Fact]
    public void Semaphore_UnderRandomCancellation_NeverExceedsItsValue_AndLosesNoPermit() => Run(nameof(AioSemaphore), Scenario);

    private static async Coroutine Scenario(Random random)
    {
        int permits = 1 + random.Next(3);
        var semaphore = new AioBoundedSemaphore(permits);
        int inside = 0;
        bool stopping = false;
        AioTask[] workers = Enumerable.Range(0, 7).Select(_ => Asyncio.CreateTask(Worker())).ToArray();
        await Cancel(random, workers, 8);
        stopping = true;
        await Join(workers);
        Assert.Equal(0, inside);
        Assert.Equal(permits, semaphore.Value);
        Assert.Equal($"<AioBoundedSemaphore [unlocked, value:{permits}]>", semaphore.ToString());

        async Coroutine Worker()
        {
            for (int i = 0; i < 4; i++)
            {
                try
                {
                    await Pause(random);
                    using (await semaphore.AcquireAsync())
                    {
                        Assert.InRange(++inside, 1, permits);
                        try
                        {
                            await Pause(random);
                        }
                        finally
                        {
                            inside--;
                        }
                    }
                }
                catch (CancelledError) when (!stopping && Survives(random))
                {
                }
            }
        }
    }
}

public class QueueCancellationFuzzTests
{
    [Fact]
    public void Queue_UnderRandomCancellation_LosesAndDuplicatesNoItem() => Run(nameof(AioQueue<int>), Scenario);

    private static async Coroutine Scenario(Random random)
    {
        var queue = new AioQueue<int>(1 + random.Next(3));
        var put = new List<int>();
        var got = new List<int>();
        bool stopping = false;
        AioTask[] producers = Enumerable.Range(0, 3).Select(p => Asyncio.CreateTask(Producer(p))).ToArray();
        AioTask[] consumers = Enumerable.Range(0, 3).Select(_ => Asyncio.CreateTask(Consumer())).ToArray();
        await Cancel(random, [.. producers, .. consumers], 10);
        await Pause(random);
        await Asyncio.Sleep(1); // settle: every wake-up delivered
        // asyncio's invariant: nobody waits for an item while there is one, or for room while there is some.
        (int getters, int putters) = queue.Waiting;
        Assert.False(getters > 0 && !queue.Empty, $"{getters} getters wait while {queue.QSize} items are queued");
        Assert.False(putters > 0 && !queue.Full, $"{putters} putters wait while the queue has room");
        // Stop: no more surviving cancellations; blocked producers and consumers are released by the shutdown.
        stopping = true;
        queue.Shutdown();
        await Join([.. producers, .. consumers]);
        while (queue.TryGet(out int left))
        {
            got.Add(left);
        }

        Assert.Equal(put.Order(), got.Order());
        Assert.DoesNotContain("_getters", queue.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("_putters", queue.ToString(), StringComparison.Ordinal);

        async Coroutine Producer(int p)
        {
            for (int i = 0; i < 8; i++)
            {
                try
                {
                    await Pause(random);
                    await queue.PutAsync((p * 100) + i);
                    put.Add((p * 100) + i);
                }
                catch (QueueShutDown)
                {
                    return;
                }
                catch (CancelledError) when (!stopping && Survives(random))
                {
                }
            }
        }

        async Coroutine Consumer()
        {
            while (true)
            {
                try
                {
                    got.Add(await queue.GetAsync());
                    await Pause(random);
                }
                catch (QueueShutDown)
                {
                    return;
                }
                catch (CancelledError) when (!stopping && Survives(random))
                {
                }
            }
        }
    }
}

public class ConditionCancellationFuzzTests
{
    [Fact]
    public void Condition_UnderRandomCancellation_LosesNoNotification() => Run(nameof(AioCondition), Scenario);

    private static async Coroutine Scenario(Random random)
    {
        var condition = new AioCondition();
        int available = 0;
        int produced = 0;
        int consumed = 0;
        AioTask[] consumers = Enumerable.Range(0, 5).Select(_ => Asyncio.CreateTask(Consumer())).ToArray();
        AioTask[] producers = Enumerable.Range(0, 5).Select(_ => Asyncio.CreateTask(Producer())).ToArray();
        await Cancel(random, consumers, 3);
        await Join(producers);
        // Every consumer that was not cancelled must get an item: a lost notification would leave one waiting forever.
        await Join(consumers);
        Assert.Equal(produced - consumed, available);
        Assert.Equal("<AioCondition [unlocked]>", condition.ToString());

        async Coroutine Producer()
        {
            await Pause(random);
            using (await condition.AcquireAsync())
            {
                available++;
                produced++;
                condition.Notify();
            }
        }

        async Coroutine Consumer()
        {
            using (await condition.AcquireAsync())
            {
                await condition.WaitForAsync(() => available > 0);
                available--;
                consumed++;
            }
        }
    }
}

public class EventCancellationFuzzTests
{
    [Fact]
    public void Event_UnderRandomCancellation_WakesEveryRemainingWaiter() => Run(nameof(AioEvent), Scenario);

    private static async Coroutine Scenario(Random random)
    {
        var ev = new AioEvent();
        int woken = 0;
        AioTask[] waiters = Enumerable.Range(0, 8).Select(_ => Asyncio.CreateTask(Waiter())).ToArray();
        AioTask setter = Asyncio.CreateTask(Setter());
        await Cancel(random, waiters, 5);
        await Join([.. waiters, setter]);
        Assert.Equal(waiters.Count(t => !t.IsCancelled), woken);
        Assert.Equal("<AioEvent [set]>", ev.ToString());

        async Coroutine Waiter()
        {
            await Pause(random);
            await ev.WaitAsync();
            woken++;
        }

        async Coroutine Setter()
        {
            await Pause(random);
            await Pause(random);
            ev.Set();
        }
    }
}
