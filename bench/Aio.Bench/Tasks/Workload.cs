using System.Globalization;

namespace Aio.Bench.Tasks;

/// <summary>
/// The shared entry of the workload commands: <c>[SCALE] [--tracking]</c>, SCALE times the anchors' 200k,
/// run on a fresh loop. <c>--tracking</c> runs with <see cref="EventLoop.TaskTracking"/> on, as under
/// Aio.Monitor, to measure what the monitor costs.
/// </summary>
internal static class Workload
{
    public static int Run(string[] args, Func<int, Coroutine> all)
    {
        bool tracking = args.Contains("--tracking");
        args = args.Where(a => a != "--tracking").ToArray();
        double scale = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1.0;
        if (tracking)
        {
            Asyncio.Run(all((int)(200_000 * scale)), loopFactory: () => new EventLoop { TaskTracking = true });
        }
        else
        {
            Asyncio.Run(all((int)(200_000 * scale)));
        }

        return 0;
    }

    /// <summary>Prints one figure as the anchors do: <c>name value</c>.</summary>
    public static void Report(string name, double value) =>
        Console.WriteLine(FormattableString.Invariant($"{name} {value:0.###}"));
}
