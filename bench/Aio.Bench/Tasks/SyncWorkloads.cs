namespace Aio.Bench.Tasks;

/// <summary>Lock hand-off and queue throughput, the workloads of <c>bench/peers/sync_anchor.py</c>.</summary>
internal static class SyncWorkloads
{
    public static int Run(string[] args) => Workload.Run(args, All);

    private static async Coroutine All(int n)
    {
        Workload.Report("lock_handoffs_per_s", await Warmup.Steady(size => LockHandoff(size, workers: 4), n));
        Workload.Report("queue_items_per_s", await Warmup.Steady(size => QueueThroughput(size, maxSize: 100), n));
    }

    /// <summary>Workers contend for one lock, each holding it across one yield, so every release hands it over.</summary>
    private static async Coroutine<double> LockHandoff(int n, int workers)
    {
        var lockObject = new AioLock();
        long start = BenchClock.Start();
        await Asyncio.Gather(Enumerable.Range(0, workers).Select(_ => Worker()).ToArray());
        return n / BenchClock.SecondsSince(start);

        async Coroutine Worker()
        {
            for (int i = 0; i < n / workers; i++)
            {
                using (await lockObject.AcquireAsync())
                {
                    await Asyncio.Sleep(0);
                }
            }
        }
    }

    /// <summary>One producer, one consumer, a bounded queue.</summary>
    private static async Coroutine<double> QueueThroughput(int n, int maxSize)
    {
        var queue = new AioQueue<int>(maxSize);
        AioTask consumer = Asyncio.CreateTask(Consume());
        long start = BenchClock.Start();
        for (int i = 0; i < n; i++)
        {
            await queue.PutAsync(i);
        }

        await consumer;
        return n / BenchClock.SecondsSince(start);

        async Coroutine Consume()
        {
            for (int i = 0; i < n; i++)
            {
                await queue.GetAsync();
            }
        }
    }
}
