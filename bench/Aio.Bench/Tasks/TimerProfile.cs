using System.Diagnostics;

namespace Aio.Bench.Tasks;

// SCRATCH (not to commit): phase split of the timers workload.
internal static class TimerProfile
{
    public static int Run(string[] _)
    {
        int n = 200_000;
        for (int i = 0; i < 4; i++) { HeapMicro(n); OldMicro(n); }
        if (_.Length > 0) return 0;
        Asyncio.Run(All(n));
        return 0;
    }

    private static void HeapMicro(int n)
    {
        var loop = new EventLoop();
        var heap = new TimerQueue();
        var random = new Random(1);
        var timers = new SleepTimer[n];
        for (int i = 0; i < n; i++) timers[i] = new SleepTimer(loop, random.NextDouble() * 0.05);
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++) heap.Push(timers[i]);
        long t1 = Stopwatch.GetTimestamp();
        while (heap.Count > 0) heap.Pop();
        long t2 = Stopwatch.GetTimestamp();
        Console.WriteLine($"heap push {Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds:0.0} ms pop {Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds:0.0} ms");
    }

    private static void OldMicro(int n)
    {
        var loop = new EventLoop();
        var heap = new OldTimerHeap();
        var random = new Random(1);
        var timers = new SleepTimer[n];
        for (int i = 0; i < n; i++) timers[i] = new SleepTimer(loop, random.NextDouble() * 0.05);
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++) heap.Push(timers[i]);
        long t1 = Stopwatch.GetTimestamp();
        while (heap.Count > 0) heap.Pop();
        long t2 = Stopwatch.GetTimestamp();
        Console.WriteLine($"old  push {Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds:0.0} ms pop {Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds:0.0} ms");
    }

    private static async Coroutine All(int n)
    {
        for (int r = 0; r < 5; r++)
        {
            await Timers(n / 20, false);
        }
        Thread.Sleep(150);
        for (int r = 0; r < 4; r++)
        {
            await Timers(n, true);
        }
    }

    private static async Coroutine Marker(long[] at) { at[0] = Stopwatch.GetTimestamp(); await Asyncio.Sleep(0); }

    private static async Coroutine Timers(int n, bool print)
    {
        var random = new Random(1);
        var sleeps = new Coroutine[n];
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        var pause0 = GC.GetTotalPauseDuration();
        long a0 = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++)
        {
            sleeps[i] = Asyncio.Sleep(random.NextDouble() * 0.05);
        }
        long tCreated = Stopwatch.GetTimestamp();
        long a1 = GC.GetAllocatedBytesForCurrentThread();
        var g = Asyncio.Gather(sleeps);
        long tGathered = Stopwatch.GetTimestamp();
        long a2 = GC.GetAllocatedBytesForCurrentThread();
        var at = new long[1];
        var m = Asyncio.CreateTask(Marker(at));
        await g;
        long end = Stopwatch.GetTimestamp();
        await m;
        long a3 = GC.GetAllocatedBytesForCurrentThread();
        if (print)
        {
            Console.WriteLine($"alloc/timer create {(a1 - a0) / (double)n:0.0} gather {(a2 - a1) / (double)n:0.0} run {(a3 - a2) / (double)n:0.0}");
            Console.WriteLine($"create {Ms(start, tCreated):0.0} gather {Ms(tCreated, tGathered):0.0} firststeps {Ms(tGathered, at[0]):0.0} rest {Ms(at[0], end):0.0} total {Ms(start, end):0.0} ms; gc {GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2} pause {(GC.GetTotalPauseDuration() - pause0).TotalMilliseconds:0.0} ms; rate {n / Math.Max(Stopwatch.GetElapsedTime(start, end).TotalSeconds - 0.05, 1e-3):0}");
        }
    }

    private static double Ms(long a, long b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds;
}
