using System.Diagnostics;

namespace Aio.Bench.Tasks;

/// <summary>
/// The five task-machinery workloads of <c>bench/peers/tasks_anchor.py</c>, at the same sizes and with
/// the same figure names, written as an asyncio user would write them with Aio; plus the bytes
/// allocated per switch and per queue hand-off in steady state.
/// </summary>
internal static class TaskWorkloads
{
    public static int Run(string[] args) => Workload.Run(args, All);

    private static async Coroutine All(int n)
    {
        // Memory first, in a fresh process, as the anchor does.
        (double rssBytes, double liveBytes) = await Memory(n);
        Workload.Report("bytes_per_waiting_task", rssBytes);
        Workload.Report("live_bytes_per_waiting_task", liveBytes);

        // A short program's view: the first n switches of the process, no warm-up (tier-0 code unless
        // the loop's hot paths are precompiled or marked; see docs/design/tasks.md, "Cold start").
        (double coldRate, double coldAlloc) = await ColdSwitches(n);
        Workload.Report("cold_sleep0_switches_per_s", coldRate);
        Workload.Report("cold_alloc_bytes_per_sleep0_switch", coldAlloc);

        // Throughput in steady state (see Warmup; the anchors' interpreter has no such phase).
        Workload.Report("spawn_tasks_per_s", await Warmup.Steady(Spawn, n));
        Workload.Report("queue_pingpong_msgs_per_s", await Warmup.Steady(PingPong, n));
        Workload.Report("sleep0_switches_per_s", await Warmup.Steady(Switches, n));
        Workload.Report("timer_wakeups_per_s", await Warmup.Steady(Timers, n));
        Workload.Report("alloc_bytes_per_sleep0_switch", await Warmup.Steady(AllocationPerSwitch, n));
        Workload.Report("alloc_bytes_per_queue_handoff", await Warmup.Steady(AllocationPerHandoff, n));
        Workload.Report("alloc_bytes_per_timer_wakeup", await Warmup.Steady(AllocationPerTimerWakeup, n));
    }


    /// <summary>Resident memory per task while <paramref name="n"/> tasks wait on one event.</summary>
    private static async Coroutine<(double Rss, double Live)> Memory(int n)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long rssBefore = Rss();
        long liveBefore = GC.GetTotalMemory(forceFullCollection: true);
        var ev = new AioEvent();
        var tasks = new AioTask[n];
        for (int i = 0; i < n; i++)
        {
            tasks[i] = Asyncio.CreateTask(ev.WaitAsync().AsCoroutine());
        }

        await Asyncio.Sleep(0);
        long rssAfter = Rss();
        long liveAfter = GC.GetTotalMemory(forceFullCollection: true);
        ev.Set();
        await Asyncio.Gather(tasks);
        return ((rssAfter - rssBefore) / (double)n, (liveAfter - liveBefore) / (double)n);
    }

    private static async Coroutine Noop() => await Asyncio.Sleep(0);

    /// <summary>Creates <paramref name="n"/> tasks that each yield once, then gathers them.</summary>
    internal static async Coroutine<double> Spawn(int n)
    {
        long start = BenchClock.Start();
        var tasks = new AioTask[n];
        for (int i = 0; i < n; i++)
        {
            tasks[i] = Asyncio.CreateTask(Noop());
        }

        await Asyncio.Gather(tasks);
        return n / BenchClock.SecondsSince(start);
    }

    /// <summary>Two tasks hand a token back and forth through two queues of size one.</summary>
    internal static async Coroutine<double> PingPong(int n)
    {
        var a = new AioQueue<int>(1);
        var b = new AioQueue<int>(1);
        AioTask ponger = Asyncio.CreateTask(Ponger(a, b, n));
        long start = BenchClock.Start();
        for (int i = 0; i < n; i++)
        {
            await a.PutAsync(i);
            await b.GetAsync();
        }

        await ponger;
        return 2.0 * n / BenchClock.SecondsSince(start);
    }

    private static async Coroutine Ponger(AioQueue<int> a, AioQueue<int> b, int n)
    {
        for (int i = 0; i < n; i++)
        {
            await b.PutAsync(await a.GetAsync());
        }
    }

    /// <summary>One task yields <paramref name="n"/> times with <c>Sleep(0)</c>.</summary>
    internal static async Coroutine<double> Switches(int n)
    {
        long start = BenchClock.Start();
        for (int i = 0; i < n; i++)
        {
            await Asyncio.Sleep(0);
        }

        return n / BenchClock.SecondsSince(start);
    }

    /// <summary><paramref name="n"/> tasks sleep for random delays up to 50 ms; rate over the time beyond 50 ms.</summary>
    internal static async Coroutine<double> Timers(int n)
    {
        var random = new Random(1);
        var sleeps = new Coroutine[n];
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++)
        {
            sleeps[i] = Asyncio.Sleep(random.NextDouble() * 0.05);
        }

        await Asyncio.Gather(sleeps);
        double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return elapsed > 0.05 ? n / Math.Max(elapsed - 0.05, 1e-3) : n / 1e-3;
    }

    /// <summary>The rate and the bytes allocated per switch of <paramref name="n"/> <c>Sleep(0)</c>s, measured cold.</summary>
    private static async Coroutine<(double Rate, double Alloc)> ColdSwitches(int n)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = BenchClock.Start();
        for (int i = 0; i < n; i++)
        {
            await Asyncio.Sleep(0);
        }

        double seconds = BenchClock.SecondsSince(start);
        return (n / seconds, (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n);
    }

    /// <summary>Bytes allocated per <c>Sleep(0)</c> in steady state (target 0).</summary>
    private static async Coroutine<double> AllocationPerSwitch(int n)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < n; i++)
        {
            await Asyncio.Sleep(0);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;
    }

    /// <summary>Bytes allocated per item handed through a queue between two tasks, in steady state (target 0).</summary>
    private static async Coroutine<double> AllocationPerHandoff(int n)
    {
        var a = new AioQueue<int>(1);
        var b = new AioQueue<int>(1);
        AioTask ponger = Asyncio.CreateTask(Ponger(a, b, n + 100));
        for (int i = 0; i < 100; i++)
        {
            await a.PutAsync(i);
            await b.GetAsync();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < n; i++)
        {
            await a.PutAsync(i);
            await b.GetAsync();
        }

        double perHandoff = (GC.GetAllocatedBytesForCurrentThread() - before) / (2.0 * n);
        await ponger;
        return perHandoff;
    }

    /// <summary>
    /// Bytes allocated per timer wake-up in steady state (target 0): 1,000 tasks each sleep short
    /// delays (0.1-0.7 ms) again and again, about <paramref name="n"/> wake-ups in all; measured after
    /// every task has slept a few times, so the tasks themselves are not counted.
    /// </summary>
    private static async Coroutine<double> AllocationPerTimerWakeup(int n)
    {
        const int Sleepers = 1000;
        const int WarmSleeps = 3;
        int rounds = Math.Max(n / Sleepers, 1);
        var go = new AioEvent();
        var warm = new int[1];
        var tasks = new AioTask[Sleepers];
        for (int i = 0; i < Sleepers; i++)
        {
            tasks[i] = Asyncio.CreateTask(Sleeper(0.0001 * (1 + (i % 7)), WarmSleeps, rounds, go, warm));
        }

        while (warm[0] < Sleepers)
        {
            await Asyncio.Sleep(0.001);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        go.Set();
        foreach (AioTask task in tasks)
        {
            await task;
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / ((double)Sleepers * rounds);
    }

    private static async Coroutine Sleeper(double delay, int warmSleeps, int rounds, AioEvent go, int[] warm)
    {
        for (int i = 0; i < warmSleeps; i++)
        {
            await Asyncio.Sleep(delay);
        }

        warm[0]++;
        await go.WaitAsync();
        for (int i = 0; i < rounds; i++)
        {
            await Asyncio.Sleep(delay);
        }
    }

    private static long Rss()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
