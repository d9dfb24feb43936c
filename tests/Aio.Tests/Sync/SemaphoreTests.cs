using Aio.Tests.Support;

namespace Aio.Tests.Sync;

public class SemaphoreTests
{
    [Fact]
    public void Semaphore_LimitsConcurrency_AndPassesAPermitOnCancellation_AsCPython()
    {
        var trace = new List<string>();
        int inside = 0;
        int peak = 0;
        VirtualTime.Run(async () =>
        {
            var sem = new AioSemaphore(2);
            await Asyncio.Gather(Enumerable.Range(0, 5).Select(i => Worker(sem, $"w{i}")).ToArray());
            trace.Add($"peak={peak} locked={sem.Locked}");
            sem = new AioSemaphore(1);
            await sem.AcquireAsync();
            AioTask w1 = Asyncio.CreateTask(Waiter(sem, "w1"));
            AioTask w2 = Asyncio.CreateTask(Waiter(sem, "w2"));
            await Asyncio.Sleep(0);
            sem.Release();
            w1.Cancel();
            await Asyncio.Gather(true, w1, w2);
            trace.Add($"after: locked={sem.Locked} value={sem.Value}");
            var bounded = new AioBoundedSemaphore(1);
            try
            {
                bounded.Release();
            }
            catch (SemaphoreFullException e)
            {
                trace.Add($"bounded: {e.Message}");
            }
        });
        Twin.AssertSame("semaphore_limits", trace);

        async Coroutine Worker(AioSemaphore sem, string name)
        {
            using (await sem.AcquireAsync())
            {
                inside++;
                peak = Math.Max(peak, inside);
                trace.Add($"{name} in ({inside})");
                await Asyncio.Sleep(1);
                inside--;
            }
        }

        async Coroutine Waiter(AioSemaphore sem, string name)
        {
            try
            {
                using (await sem.AcquireAsync())
                {
                    trace.Add($"{name} acquired");
                }
            }
            catch (CancelledError)
            {
                trace.Add($"{name} cancelled");
                throw;
            }
        }
    }

    [Fact]
    public void Semaphore_NegativeValue_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AioSemaphore(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AioBarrier(0));
    }
}
