using System.Diagnostics;
using System.Globalization;
using Aio.Testing;

namespace Aio.Bench.Tasks;

/// <summary>
/// A million waiting tasks (issue 12), as <c>bench/peers/scale_anchor.py</c> runs them: N tasks
/// (default 1,000,000) each sleep a random 0-10 s and finish. Reports peak resident memory (VmHWM),
/// resident bytes per waiting task, the spawn rate (create and run each task to its sleep) and the
/// wake-up rate: on the virtual clock, wake-ups per real second after spawning; on the real clock,
/// the mean lateness of a wake-up and how late the last one came (a loop that keeps up finishes
/// 10 s after the last spawn whatever its speed, so a rate would only repeat the spawn rate).
/// <c>scale [real|virtual] [N]</c>; one mode per process, since VmHWM is per process.
/// </summary>
internal static class ScaleWorkload
{
    private const double Span = 10.0;

    public static int Run(string[] args)
    {
        string clock = args.Length > 0 ? args[0] : "real";
        int n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        switch (clock)
        {
            case "real":
                Asyncio.Run(Million(n, virtualClock: false));
                return 0;
            case "virtual":
                VirtualTime.DeadlockTimeout = TimeSpan.FromMinutes(10);
                VirtualTime.Run(Million(n, virtualClock: true));
                return 0;
            default:
                Console.Error.WriteLine("usage: scale [real|virtual] [N]");
                return 2;
        }
    }

    private sealed class State
    {
        public int Finished;
        public double Lateness;
        public double LastDeadline;
        public int N;
        public readonly AioEvent Done = new();
    }

    private static async Coroutine Sleeper(EventLoop loop, State state, double delay)
    {
        double deadline = loop.Time() + delay;
        state.LastDeadline = Math.Max(state.LastDeadline, deadline);
        await Asyncio.Sleep(delay);
        state.Lateness += loop.Time() - deadline;
        if (++state.Finished == state.N)
        {
            state.Done.Set();
        }
    }

    private static async Coroutine Million(int n, bool virtualClock)
    {
        EventLoop loop = Asyncio.GetRunningLoop();
        var random = new Random(1);
        var delays = new double[n];
        for (int i = 0; i < n; i++)
        {
            delays[i] = random.NextDouble() * Span;
        }

        var state = new State { N = n };
        GC.Collect();
        long rssBefore = StatusKib("VmRSS");
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < n; i++)
        {
            _ = Asyncio.CreateTask(Sleeper(loop, state, delays[i]));
        }

        await Asyncio.Sleep(0); // every task has run its first step and waits on its timer
        long t1 = Stopwatch.GetTimestamp();
        long rssSpawned = StatusKib("VmRSS");
        await state.Done.WaitAsync();
        long t2 = Stopwatch.GetTimestamp();
        double spawn = Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
        double total = Stopwatch.GetElapsedTime(t0, t2).TotalSeconds;
        Workload.Report("peak_rss_mib", StatusKib("VmHWM") / 1024.0);
        Workload.Report("bytes_per_waiting_task", (rssSpawned - rssBefore) * 1024.0 / n);
        Workload.Report("spawn_tasks_per_s", n / spawn);
        if (virtualClock)
        {
            Workload.Report("wakeups_per_s", n / Stopwatch.GetElapsedTime(t1, t2).TotalSeconds);
        }
        else
        {
            // A rate is not the figure here: a loop that keeps up finishes 10 s after the last spawn
            // whatever its speed. How late the wake-ups come is.
            Workload.Report("mean_lateness_ms", state.Lateness / n * 1000);
            Workload.Report("last_wakeup_late_ms", (loop.Time() - state.LastDeadline) * 1000);
        }

        Workload.Report("total_s", total);
    }

    internal static long StatusKib(string field)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
