using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Aio.Bench.Tasks;

/// <summary>
/// What the CPU-bound workloads (spawn, ping-pong, switches, lock, queue, channels) time themselves
/// with: wall time by default, or the process's CPU time with <c>AIO_BENCH_CLOCK=cpu</c>.
/// </summary>
/// <remarks>
/// On a shared machine a pinned process waits for its CPU whenever another one runs there, and wall
/// time counts that wait; process CPU time (<c>CLOCK_PROCESS_CPUTIME_ID</c>: every thread, the GC's
/// included) does not. Use it to compare two builds while the machine is busy; it still sees cache
/// and memory-bandwidth interference, so quote wall-time figures from a quiet machine. The timer
/// workload always uses wall time: its tasks wait for real deadlines.
/// </remarks>
internal static class BenchClock
{
    private const int ClockProcessCpuTimeId = 2;

    private static readonly bool s_cpu = Environment.GetEnvironmentVariable("AIO_BENCH_CLOCK") == "cpu" && OperatingSystem.IsLinux();

    /// <summary>A reading to pass to <see cref="SecondsSince"/>.</summary>
    public static long Start() => s_cpu ? CpuNanoseconds() : Stopwatch.GetTimestamp();

    /// <summary>Seconds since <paramref name="start"/> on the chosen clock.</summary>
    public static double SecondsSince(long start) =>
        s_cpu ? (CpuNanoseconds() - start) / 1e9 : Stopwatch.GetElapsedTime(start).TotalSeconds;

    private static long CpuNanoseconds()
    {
        clock_gettime(ClockProcessCpuTimeId, out TimeSpec spec);
        return (spec.Seconds * 1_000_000_000) + spec.Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clockId, out TimeSpec spec);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
