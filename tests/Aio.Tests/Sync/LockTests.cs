using Aio.Tests.Support;

namespace Aio.Tests.Sync;

public class LockTests
{
    [Fact]
    public void Lock_HandsOffFifo_AndAReleaserRetryingQueuesBehindWaiters_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            var lockObject = new AioLock();
            await lockObject.AcquireAsync();
            AioTask[] tasks = [Asyncio.CreateTask(User(lockObject, "a", 1)), Asyncio.CreateTask(User(lockObject, "b", 1)), Asyncio.CreateTask(User(lockObject, "c", 1))];
            await Asyncio.Sleep(0);
            trace.Add($"main holds it, locked={lockObject.Locked}");
            lockObject.Release();
            trace.Add($"main released, locked={lockObject.Locked}, tries again");
            using (await lockObject.AcquireAsync())
            {
                trace.Add("main has it again");
            }

            await Asyncio.Gather(tasks);
            trace.Add($"locked={lockObject.Locked}");
            try
            {
                lockObject.Release();
            }
            catch (InvalidOperationException e)
            {
                trace.Add($"release error: {e.Message}");
            }
        });
        Twin.AssertSame("lock_fifo_handoff", trace);

        async Coroutine User(AioLock lockObject, string name, double hold)
        {
            trace.Add($"{name} wants");
            using (await lockObject.AcquireAsync())
            {
                trace.Add($"{name} has it");
                await Asyncio.Sleep(hold);
            }

            trace.Add($"{name} released");
        }
    }

    [Fact]
    public void Lock_CancelledWaiter_NeitherKeepsNorLosesTheLock_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            var lockObject = new AioLock();
            await lockObject.AcquireAsync();
            AioTask b = Asyncio.CreateTask(Waiter(lockObject, "b"));
            AioTask c = Asyncio.CreateTask(Waiter(lockObject, "c"));
            AioTask d = Asyncio.CreateTask(Waiter(lockObject, "d"));
            await Asyncio.Sleep(0);
            b.Cancel();
            await Asyncio.Sleep(0);
            lockObject.Release();
            c.Cancel();
            await Asyncio.Gather(true, b, c, d);
            trace.Add($"end locked={lockObject.Locked}");
        });
        Twin.AssertSame("lock_cancelled_waiter", trace);

        async Coroutine Waiter(AioLock lockObject, string name)
        {
            try
            {
                using (await lockObject.AcquireAsync())
                {
                    trace.Add($"{name} has it");
                    await Asyncio.Sleep(1);
                }
            }
            catch (CancelledError)
            {
                trace.Add($"{name} cancelled, locked={lockObject.Locked}");
                throw;
            }
        }
    }

    [Fact]
    public void Lock_ToString_ShowsStateAndWaiters()
    {
        VirtualTime.Run(async () =>
        {
            var lockObject = new AioLock();
            Assert.Equal("<AioLock [unlocked]>", lockObject.ToString());
            await lockObject.AcquireAsync();
            AioTask waiter = Asyncio.CreateTask(async () => await lockObject.AcquireAsync());
            await Asyncio.Sleep(0);
            Assert.Equal("<AioLock [locked, waiters:1]>", lockObject.ToString());
            lockObject.Release();
            await waiter;
            lockObject.Release();
        });
    }

    [Fact]
    public void Lock_UsedOnTwoLoops_IsRejected()
    {
        var lockObject = new AioLock();
        VirtualTime.Run(async () =>
        {
            await lockObject.AcquireAsync();
            AioTask waiter = Asyncio.CreateTask(async () => await lockObject.AcquireAsync());
            await Asyncio.Sleep(0);
            lockObject.Release();
            await waiter;
        });
        VirtualTime.Run(async () =>
        {
            AioTask waiter = Asyncio.CreateTask(async () => await lockObject.AcquireAsync());
            var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await waiter);
            Assert.EndsWith("is bound to a different event loop", error.Message);
        });
    }
}
