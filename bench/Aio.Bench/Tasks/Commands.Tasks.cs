using Aio.Bench.Compare;
using Aio.Bench.Tasks;

namespace Aio.Bench;

internal static partial class Commands
{
    private static readonly string[] s_taskFigures =
    [
        "bytes_per_waiting_task", "spawn_tasks_per_s", "queue_pingpong_msgs_per_s", "sleep0_switches_per_s",
        "timer_wakeups_per_s", "live_bytes_per_waiting_task", "alloc_bytes_per_sleep0_switch", "alloc_bytes_per_queue_handoff",
        "cold_sleep0_switches_per_s", "cold_alloc_bytes_per_sleep0_switch", "alloc_bytes_per_timer_wakeup",
    ];

    private static readonly HashSet<string> s_lowerIsBetter = new(StringComparer.Ordinal)
    {
        "bytes_per_waiting_task", "live_bytes_per_waiting_task", "alloc_bytes_per_sleep0_switch", "alloc_bytes_per_queue_handoff", "cold_alloc_bytes_per_sleep0_switch", "alloc_bytes_per_timer_wakeup",
    };

    static partial void RegisterTasks(IDictionary<string, (string Help, Func<string[], int> Run)> commands)
    {
        commands["tasks"] = ("[SCALE] the five task workloads of tasks_anchor.py on Aio, plus allocation per switch and hand-off", TaskWorkloads.Run);
        commands["tasks-compare"] = ("[ROUNDS] [SCALE] tasks on asyncio, uvloop, plain .NET and Aio in one run, with ratios", args => Compare(args, "tasks", "tasks_anchor.py", "dotnet_tasks", "tasks-compare.md"));
        commands["tasks-tracking"] = ("[ROUNDS] [SCALE] what task tracking (Aio.Monitor) costs the throughput workloads: off and on in turn in one process", TrackingCost.Run);
        commands["cold-start-compare"] = ("[ROUNDS] tasks with and without DOTNET_TC_CallCountingDelayMs=0: what a short program sees against steady state", ColdStartCompare);
        commands["sync"] = ("[SCALE] lock hand-off and queue throughput on Aio", SyncWorkloads.Run);
        commands["sync-compare"] = ("[ROUNDS] [SCALE] lock and queue workloads on asyncio, uvloop, SemaphoreSlim/Channel and Aio", args => Compare(args, "sync", "sync_anchor.py", "dotnet_sync", "sync-compare.md"));
    }

    /// <summary>
    /// Aio's <c>tasks</c> as a user's program runs it (no tiering variable: methods start as tier-0 code
    /// and are promoted after the JIT's 100 ms quiet period) beside the steady-state setting every other
    /// comparison uses; the ratio column is steady over default. Writes <c>results/cold-start.md</c>.
    /// </summary>
    private static int ColdStartCompare(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
        Peer steady = Comparison.Self("tasks", "1") with { Name = "DOTNET_TC_CallCountingDelayMs=0" };
        Peer plain = steady with { Name = "no variable", Environment = null };
        return Comparison.Run("Cold start: Aio's tasks with and without the tiering variable", "cold-start.md", [plain, steady], s_taskFigures, s_lowerIsBetter, rounds);
    }

    private static int Compare(string[] args, string command, string pythonScript, string dotnetPeer, string resultFile)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
        string scale = args.Length > 1 ? args[1] : "1";
        var peers = new List<Peer>(Comparison.PythonPeers(pythonScript, scale));
        Peer dotnet = Comparison.DotnetPeer(dotnetPeer, scale);
        Peer aio = Comparison.Self(command, scale);
        if (command == "tasks")
        {
            // Both .NET processes with and without background GC (docs/design/tasks.md, "GC mode"): the
            // columns named dotnet and aio run non-concurrent; the -bggc ones are the runtime's default.
            peers.Add(dotnet with { Name = "dotnet-bggc" });
            peers.Add(aio with { Name = "aio-bggc" });
            dotnet = dotnet with { Environment = Comparison.NonConcurrentGc };
            aio = aio with { Environment = Comparison.NonConcurrentGc };
        }

        peers.Add(dotnet);
        peers.Add(aio);
        string[] figures = command == "tasks" ? s_taskFigures : ["lock_handoffs_per_s", "queue_items_per_s"];
        string title = command == "tasks" ? "tasks: Aio beside its peers (dotnet and aio with DOTNET_gcConcurrent=0; the -bggc columns with the default background GC)" : $"{command}: Aio beside its peers";
        return Comparison.Run(title, resultFile, peers, figures, s_lowerIsBetter, rounds);
    }
}
