using System.Globalization;
using Aio.Bench.Compare;
using Aio.Bench.Tasks;

namespace Aio.Bench;

internal static partial class Commands
{
    private static readonly string[] s_scaleFigures =
        ["peak_rss_mib", "bytes_per_waiting_task", "spawn_tasks_per_s", "wakeups_per_s", "mean_lateness_ms", "last_wakeup_late_ms", "total_s"];

    private static readonly HashSet<string> s_scaleLowerIsBetter = new(StringComparer.Ordinal)
    {
        "peak_rss_mib", "bytes_per_waiting_task", "mean_lateness_ms", "last_wakeup_late_ms", "total_s",
    };

    static partial void RegisterScale(IDictionary<string, (string Help, Func<string[], int> Run)> commands)
    {
        commands["scale"] = ("[real|virtual] [N] a million tasks each sleep a random 0-10 s on Aio: peak RSS, spawn and wake-up rates", ScaleWorkload.Run);
        commands["scale-compare"] = ("[ROUNDS] [N] the million tasks on asyncio, uvloop, Task.Delay and Aio, real and virtual clock", ScaleCompare);
    }

    private static int ScaleCompare(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
        string n = args.Length > 1 ? args[1] : "1000000";
        const string Python = "/usr/bin/python3";
        string script = Path.Combine(Repository.Root, "bench", "peers", "scale_anchor.py");
        bool uvloop = Comparison.Succeeds(Python, "-c", "import uvloop");
        string aio = Path.Combine(AppContext.BaseDirectory, "Aio.Bench.dll");

        var real = new List<Peer> { new("asyncio", Python, [script, "asyncio", "real", n]) };
        if (uvloop)
        {
            real.Add(new("uvloop", Python, [script, "uvloop", "real", n]));
        }

        // As in tasks-compare: both .NET processes without background GC, and Aio once more with it (-bggc).
        Peer dotnet = Comparison.DotnetPeer("dotnet_scale", n);
        real.Add(new("aio-bggc", "dotnet", [aio, "scale", "real", n], Comparison.SteadyJit));
        real.Add(dotnet with { Environment = Comparison.NonConcurrentGc });
        real.Add(new("aio", "dotnet", [aio, "scale", "real", n], Comparison.NonConcurrentGc));
        var virtualClock = new List<Peer>
        {
            new("asyncio", Python, [script, "asyncio", "virtual", n]),
            new("aio-bggc", "dotnet", [aio, "scale", "virtual", n], Comparison.SteadyJit),
            new("aio", "dotnet", [aio, "scale", "virtual", n], Comparison.NonConcurrentGc),
        };

        string text = Comparison.Measure($"scale (real clock, {n} tasks sleeping 0-10 s): Aio beside its peers", real, s_scaleFigures, s_scaleLowerIsBetter, rounds)
            + Environment.NewLine
            + Comparison.Measure($"scale (virtual clock, {n} tasks sleeping 0-10 s): Aio beside asyncio", virtualClock, s_scaleFigures, s_scaleLowerIsBetter, rounds)
            + Environment.NewLine
            + "The dotnet column is plain `Task.Delay` on the thread pool (`bench/peers/dotnet_scale`); it and uvloop have no virtual clock. "
            + "dotnet and aio run with `DOTNET_gcConcurrent=0`, aio-bggc with the default background GC (docs/design/tasks.md, \"GC mode\"). "
            + "asyncio's virtual clock is `scale_anchor.py`'s jump-to-next-timer selector. `wakeups_per_s` (virtual clock only) is wake-ups per real second after spawning; "
            + "on the real clock a loop that keeps up ends 10 s after its last spawn whatever its speed, so the figures there are `mean_lateness_ms` (a wake-up's lateness, including the wait while spawning holds the loop) "
            + "and `last_wakeup_late_ms`; `total_s` is spawn plus run. Smoke figures from a shared 2-core machine: a quiet-machine run is still needed.\n";
        Console.WriteLine(text);
        Comparison.Write("scale-compare.md", text);
        return 0;
    }
}
