using System.Globalization;
using System.Text;
using Aio.Bench.Compare;

namespace Aio.Bench.Tasks;

/// <summary>
/// What task tracking (<see cref="EventLoop.TaskTracking"/>, on under Aio.Monitor) costs the four
/// throughput workloads of <c>tasks</c>: each runs in rounds, tracking off and on in turn, in one
/// process on one loop, and the figure is the median over rounds of on/off.
/// </summary>
/// <remarks>
/// One process for both modes because fresh processes of the same build differ by up to a third on
/// this kind of machine (tiering and code layout, docs/design/tasks.md), which hides a 10% effect
/// unless dozens of processes are run. In one process both modes run the same compiled code, and
/// alternating the order each round (off-on, then on-off) spreads drift evenly. Tasks created in one
/// round finish in it, so an "on" round tracks all of its tasks, as a loop that tracks from the start does.
/// </remarks>
internal static class TrackingCost
{
    private static readonly (string Name, Func<int, Coroutine<double>> Run)[] s_workloads =
    [
        ("spawn_tasks_per_s", TaskWorkloads.Spawn),
        ("queue_pingpong_msgs_per_s", TaskWorkloads.PingPong),
        ("sleep0_switches_per_s", TaskWorkloads.Switches),
        ("timer_wakeups_per_s", TaskWorkloads.Timers),
    ];

    /// <summary><c>[ROUNDS] [SCALE] [ONLY]</c> (ONLY: run the figures whose name contains it): prints the table and writes <c>bench/results/tasks-tracking.md</c>.</summary>
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        double scale = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1.0;
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        int n = (int)(200_000 * scale);
        string only = args.Length > 2 ? args[2] : string.Empty;
        string table = Asyncio.Run(Measure(n, rounds, only));
        Console.WriteLine(table);
        Comparison.Write("tasks-tracking.md", table);
        return 0;
    }

    private static async Coroutine<string> Measure(int n, int rounds, string only)
    {
        EventLoop loop = Asyncio.GetRunningLoop();
        var text = new StringBuilder();
        text.AppendLine("# tasks: tracking on against off, one process");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, {Environment.OSVersion}, .NET {Environment.Version}; {rounds} rounds of n = {n:N0}, off and on in turn; medians.");
        text.AppendLine();
        text.AppendLine("| figure | off | on | on/off (median of rounds) | worst round |");
        text.AppendLine("|---|---|---|---|---|");
        foreach ((string name, Func<int, Coroutine<double>> workload) in s_workloads.Where(w => w.Name.Contains(only, StringComparison.Ordinal)))
        {
            // Warm-up in both modes, so both paths are compiled at the final tier before any timed round.
            for (int i = 0; i < 4; i++)
            {
                await Timed(loop, workload, Math.Max(n / 20, 1), tracking: i % 2 == 1);
            }

            var off = new List<double>();
            var on = new List<double>();
            var ratios = new List<double>();
            for (int round = 0; round < rounds; round++)
            {
                bool onFirst = round % 2 == 1;
                double first = await Timed(loop, workload, n, onFirst);
                double second = await Timed(loop, workload, n, !onFirst);
                (double offRate, double onRate) = onFirst ? (second, first) : (first, second);
                off.Add(offRate);
                on.Add(onRate);
                ratios.Add(onRate / offRate);
            }

            loop.TaskTracking = false;
            Console.Error.WriteLine($"[tasks-tracking] {name}: on/off per round {string.Join(' ', ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Statistics.Median(off):N0} | {Statistics.Median(on):N0} | {Statistics.Median(ratios):0.00}x | {ratios.Min():0.00}x |");
        }

        return text.ToString();
    }

    private static async Coroutine<double> Timed(EventLoop loop, Func<int, Coroutine<double>> workload, int n, bool tracking)
    {
        loop.TaskTracking = tracking;
        GC.Collect();

        // In a task of its own, created in this mode, so the workload's own task is tracked too.
        return await Asyncio.CreateTask(workload(n));
    }
}
