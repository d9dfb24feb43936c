using System.Diagnostics;
using System.Globalization;

namespace Aio.Bench.Data;

/// <summary>
/// What one query costs the client process, split by where it is paid: CPU time per thread kind (the
/// loop or main thread, .NET thread-pool workers, the sockets engine's epoll thread, the JIT, the
/// rest: threads that exited meanwhile, GC), context switches and managed allocation. Read from
/// <c>/proc/self/task/*</c> (Linux; elsewhere only the totals). Shared by the Aio db workload and
/// the plain .NET peer (bench/peers/dotnet_db links this file).
/// </summary>
internal sealed class ClientCost
{
    private static readonly double s_tick = 1e6 / 100; // USER_HZ: /proc's clock ticks are 10 ms on Linux

    private readonly Dictionary<string, double> _cpuUs;
    private readonly long _switches;
    private readonly long _allocated;
    private readonly TimeSpan _total;

    private ClientCost(Dictionary<string, double> cpuUs, long switches, long allocated, TimeSpan total)
    {
        _cpuUs = cpuUs;
        _switches = switches;
        _allocated = allocated;
        _total = total;
    }

    /// <summary>The thread kinds reported, in order; "main" is the thread that started the process (Aio's loop).</summary>
    public static readonly string[] Kinds = ["main", "threadpool", "sockets", "jit", "other"];

    /// <summary>
    /// Whether the JIT has settled since the last call: no method compiled (tier 0, or a tier-1
    /// recompilation) meanwhile. Warm-up polls this every half second, up to 15 s, so the measured
    /// window is steady state rather than a loaded machine's slow tier-1 recompilations.
    /// </summary>
    public static bool JitSettled(ref long compiled)
    {
        long now = System.Runtime.JitInfo.GetCompiledMethodCount();
        bool settled = now == compiled;
        compiled = now;
        return settled;
    }

    public static ClientCost Now()
    {
        var cpu = Kinds.ToDictionary(k => k, _ => 0.0, StringComparer.Ordinal);
        long switches = 0;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        TimeSpan total = process.TotalProcessorTime;
        if (Directory.Exists("/proc/self/task"))
        {
            int pid = Environment.ProcessId;
            foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    string stat = File.ReadAllText(Path.Combine(task, "stat"));
                    string comm = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
                    string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    double us = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * s_tick;
                    string kind = Path.GetFileName(task) == pid.ToString(CultureInfo.InvariantCulture) ? "main"
                        : comm.StartsWith(".NET TP Worker", StringComparison.Ordinal) || comm.StartsWith(".NET ThreadPool", StringComparison.Ordinal) ? "threadpool"
                        : comm.StartsWith(".NET Sockets", StringComparison.Ordinal) ? "sockets"
                        : comm.StartsWith(".NET Tiered", StringComparison.Ordinal) ? "jit"
                        : "other";
                    cpu[kind] += us;
                    foreach (string line in File.ReadLines(Path.Combine(task, "status")))
                    {
                        if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        {
                            switches += long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), CultureInfo.InvariantCulture);
                        }
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // the thread exited while we read it: its time shows in "other"
                }
            }
        }

        return new ClientCost(cpu, switches, GC.GetTotalAllocatedBytes(precise: true), total);
    }

    /// <summary>Prints the figures per query between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public static void Print(ClientCost start, ClientCost end, long queries)
    {
        if (queries <= 0)
        {
            return;
        }

        double totalUs = (end._total - start._total).TotalMicroseconds;
        double known = 0;
        foreach (string kind in Kinds.Take(Kinds.Length - 1))
        {
            double us = Math.Max(0, end._cpuUs[kind] - start._cpuUs[kind]);
            known += us;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cpu_us_per_query_{kind} {us / queries:0.0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cpu_us_per_query_other {Math.Max(0, totalUs - known) / queries:0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ctx_switches_per_query {(double)(end._switches - start._switches) / queries:0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"alloc_bytes_per_query {(double)(end._allocated - start._allocated) / queries:0}"));
    }
}
